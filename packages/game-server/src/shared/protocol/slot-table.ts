/**
 * Gives an arena's entities small, reused array indexes ("slots"). Every client view of the
 * arena keeps what it holds per slot in a plain array, so the per-client, per-entity
 * bookkeeping of a snapshot is array indexing; the id hashing happens here, once per entity
 * and snapshot round instead of once per entity and client.
 */
export class SlotTable<T extends { readonly id: number }> {
  /** Slot -> the entity in it now; undefined for a free slot. */
  readonly items: Array<T | undefined> = [];
  private readonly slotOf = new Map<number, number>();
  private readonly free: number[] = [];
  /** Slot -> the round in which its entity was last present. */
  private readonly seen: number[] = [];
  private round = 0;

  /**
   * Brings the table in line with the entities that exist now: new ones get a slot, slots of
   * entities that are gone are freed. A freed slot is only reused in a later round, so a client
   * sees the old id leave and the new one arrive.
   */
  sync(entities: Iterable<T>): void {
    const round = ++this.round;
    for (const e of entities) {
      let slot = this.slotOf.get(e.id);
      if (slot === undefined) {
        slot = this.free.pop() ?? this.items.length;
        this.slotOf.set(e.id, slot);
      }
      this.items[slot] = e;
      this.seen[slot] = round;
    }
    for (let slot = 0; slot < this.items.length; slot++) {
      const e = this.items[slot];
      if (e === undefined || this.seen[slot] === round) continue;
      this.slotOf.delete(e.id);
      this.items[slot] = undefined;
      this.free.push(slot);
    }
  }
}
