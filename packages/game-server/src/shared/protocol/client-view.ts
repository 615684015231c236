import { POWER_UP_KINDS } from '../sim/entities.js';
import { nearDelta } from '../sim/geometry.js';
import type { ArenaSnapshot } from './arena-snapshot.js';
import type { SnapshotMessage } from './server-messages.js';

/** Half the area of interest: a bit more than the largest client viewport (see client camera). */
export const VIEW_HALF_W = 1000;
export const VIEW_HALF_H = 700;
/** Things are dropped only once this much further out, so entities at the edge do not flap. */
const LEAVE_MARGIN = 200;

/** Appends to an optional list, creating it on first use (snapshots omit empty lists). */
function add<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  list.push(item);
  return list;
}

/** Rock positions travel with one decimal: enough for exact extrapolation, short on the wire. */
function tenths(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * A snapshot with every field present from the start, so it is allocated once with its final
 * shape instead of growing a property at a time; JSON leaves the undefined ones out.
 */
function emptySnapshot(tick: number): SnapshotMessage {
  return {
    t: 's',
    k: tick,
    reset: undefined,
    w: undefined,
    sh: undefined,
    sg: undefined,
    as: undefined,
    ag: undefined,
    b: undefined,
    bg: undefined,
    pu: undefined,
    pg: undefined,
    x: undefined,
    sb: undefined,
  };
}

/** What the area-of-interest test needs of an entity. */
interface Placed {
  readonly id: number;
  readonly x: number;
  readonly y: number;
}

/**
 * What one client already knows, so each snapshot carries only the difference, restricted to
 * the area around the client's ship. This is what keeps 256 players under 8 KB/s each.
 * Knowledge is kept per slot of the arena's SlotTables: the id held there (0 for none) and,
 * for ships, the version last sent.
 */
export class ClientView {
  private readonly shipIds: number[] = [];
  private readonly shipVersions: number[] = [];
  private readonly rockIds: number[] = [];
  private readonly powerUpIds: number[] = [];
  /**
   * Slots to send, filled by compare() up to `enteringCount`. Reused and overwritten rather than
   * emptied (`length = 0` drops an array's storage), so compare() allocates nothing.
   */
  private readonly entering: number[] = [];
  private enteringCount = 0;
  private needsReset = true;
  private cx = 0;
  private cy = 0;

  constructor(private readonly playerId: number) {}

  /** Forget everything: the next snapshot is complete (new round, bigger world). */
  reset(): void {
    this.needsReset = true;
  }

  private inView(a: ArenaSnapshot, x: number, y: number, known: boolean): boolean {
    const m = known ? LEAVE_MARGIN : 0;
    return (
      Math.abs(nearDelta(this.cx, x, a.world.width)) <= VIEW_HALF_W + m &&
      Math.abs(nearDelta(this.cy, y, a.world.height)) <= VIEW_HALF_H + m
    );
  }

  /**
   * Builds this client's snapshot of the current round. One pass over each slot table: an id
   * held in a slot that now holds something else (or nothing) or that left the area is sent as
   * a removal; an entity in view that the client does not hold is sent whole.
   */
  snapshot(a: ArenaSnapshot): SnapshotMessage {
    const msg = emptySnapshot(a.tick);
    if (this.needsReset) {
      this.shipIds.fill(0);
      this.rockIds.fill(0);
      this.powerUpIds.fill(0);
      this.needsReset = false;
      msg.reset = 1;
      msg.w = a.world.width;
    }
    const me = a.players.get(this.playerId);
    if (me) {
      this.cx = me.x;
      this.cy = me.y;
    }
    const entering = this.entering;
    msg.sg = this.compare(a, a.ships.items, this.shipIds, this.shipVersions, a.shipVersions);
    for (let i = 0; i < this.enteringCount; i++) {
      const tuple = a.shipTuples[entering[i] ?? -1];
      if (tuple) msg.sh = add(msg.sh, tuple);
    }
    msg.ag = this.compare(a, a.rocks.items, this.rockIds);
    for (let i = 0; i < this.enteringCount; i++) {
      const r = a.rocks.items[entering[i] ?? -1];
      if (!r) continue;
      // Paused rocks are sent standing still so clients do not extrapolate them (views reset on pause).
      const vx = a.paused ? 0 : Math.round(r.vx * 100);
      const vy = a.paused ? 0 : Math.round(r.vy * 100);
      msg.as = add(msg.as, [r.id, tenths(r.x), tenths(r.y), vx, vy, r.size]);
    }
    msg.pg = this.compare(a, a.powerUps.items, this.powerUpIds);
    for (let i = 0; i < this.enteringCount; i++) {
      const u = a.powerUps.items[entering[i] ?? -1];
      if (u) msg.pu = add(msg.pu, [u.id, POWER_UP_KINDS.indexOf(u.kind), u.x, u.y]);
    }
    for (const b of a.bullets) if (this.inView(a, b.x, b.y, true)) msg.b = add(msg.b, b.tuple);
    if (a.removedBullets.length > 0) msg.bg = a.removedBullets;
    for (const e of a.explosions) if (this.inView(a, e[0], e[1], true)) msg.x = add(msg.x, e);
    return msg;
  }

  /**
   * One pass over a slot table against what the client holds there. An id held in a slot that
   * now holds something else (or nothing), or whose entity left the area, is returned as gone;
   * the slots of entities to send (in view and not held, or, given versions, held at an older
   * one) are left in `entering`. Own ship is always in view.
   */
  private compare(
    a: ArenaSnapshot,
    items: ReadonlyArray<Placed | undefined>,
    held: number[],
    heldVersions?: number[],
    versions?: readonly number[],
  ): number[] | undefined {
    const entering = this.entering;
    let count = 0;
    let gone: number[] | undefined;
    while (held.length < items.length) held.push(0);
    for (let slot = 0; slot < items.length; slot++) {
      const e = items[slot];
      const id = held[slot] ?? 0;
      const known = e !== undefined && id === e.id;
      if (id !== 0 && !known) {
        gone = add(gone, id);
        held[slot] = 0;
      }
      if (e === undefined) continue;
      if (e.id !== this.playerId && !this.inView(a, e.x, e.y, known)) {
        if (known) {
          gone = add(gone, id);
          held[slot] = 0;
        }
        continue;
      }
      const version = versions?.[slot] ?? 0;
      if (known && (heldVersions === undefined || heldVersions[slot] === version)) continue;
      held[slot] = e.id;
      if (heldVersions) heldVersions[slot] = version;
      entering[count++] = slot;
    }
    this.enteringCount = count;
    return gone;
  }
}
