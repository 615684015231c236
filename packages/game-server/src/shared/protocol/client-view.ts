import type { ArenaState } from '../sim/arena-state.js';
import { type Player, POWER_UP_KINDS } from '../sim/entities.js';
import { nearDelta } from '../sim/geometry.js';
import { KEY } from './keys.js';
import { type BulletTuple, SHIP_FLAG, type ShipTuple, type SnapshotMessage } from './server-messages.js';

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

/** Events gathered between two snapshots of an arena. */
export interface PendingEvents {
  newBullets: number[];
  removedBullets: number[];
  explosions: Array<{ x: number; y: number; r: number }>;
}

/** A ship's wire form and its comparison key, computed once per arena snapshot for all clients. */
export interface EncodedShip {
  readonly player: Player;
  readonly tuple: ShipTuple;
  readonly key: string;
}

/** Encodes every ship of the arena once; each client's view then only picks and compares. */
export function encodeShips(s: ArenaState): EncodedShip[] {
  const out: EncodedShip[] = [];
  for (const p of s.players.values()) {
    const tuple = shipTuple(p, s.tick);
    out.push({ player: p, tuple, key: tuple.join(',') });
  }
  return out;
}

function shipTuple(p: Player, tick: number): ShipTuple {
  let flags = 0;
  if (p.keys & KEY.thrust) flags |= SHIP_FLAG.thrust;
  if (tick < p.protectedUntil) flags |= SHIP_FLAG.protected;
  if (tick < p.shieldUntil) flags |= SHIP_FLAG.shield;
  if (tick < p.rapidUntil) flags |= SHIP_FLAG.rapid;
  if (tick < p.boostUntil) flags |= SHIP_FLAG.boost;
  if (!p.alive) flags |= SHIP_FLAG.dead;
  return [p.id, Math.round(p.x), Math.round(p.y), Math.round(p.angle * 100), flags, p.hp];
}

/**
 * What one client already knows, so each snapshot carries only the difference, restricted to
 * the area around the client's ship. This is what keeps 256 players under 8 KB/s each.
 */
export class ClientView {
  /** What the client holds: ship id -> last sent key; rock and power-up id -> snapshot generation last seen. */
  private readonly ships = new Map<number, { key: string; gen: number }>();
  private readonly asteroids = new Map<number, number>();
  private readonly powerUps = new Map<number, number>();
  private gen = 0;
  private needsReset = true;
  private cx = 0;
  private cy = 0;

  constructor(private readonly playerId: number) {}

  /** Forget everything: the next snapshot is complete (new round, bigger world). */
  reset(): void {
    this.needsReset = true;
  }

  private inView(s: ArenaState, x: number, y: number, known: boolean): boolean {
    const m = known ? LEAVE_MARGIN : 0;
    return (
      Math.abs(nearDelta(this.cx, x, s.world.width)) <= VIEW_HALF_W + m &&
      Math.abs(nearDelta(this.cy, y, s.world.height)) <= VIEW_HALF_H + m
    );
  }

  /**
   * Builds this client's snapshot for the current tick. One pass over the arena's entities
   * marks what is in view with the current generation; known ids left with an older generation
   * (out of view, or gone from the arena) are sent as removals.
   */
  snapshot(
    s: ArenaState,
    pending: PendingEvents,
    ships: readonly EncodedShip[] = encodeShips(s),
  ): SnapshotMessage {
    const msg: SnapshotMessage = { t: 's', k: s.tick };
    if (this.needsReset) {
      this.ships.clear();
      this.asteroids.clear();
      this.powerUps.clear();
      this.needsReset = false;
      msg.reset = 1;
      msg.w = s.world.width;
    }
    const gen = ++this.gen;
    const me = s.players.get(this.playerId);
    if (me) {
      this.cx = me.x;
      this.cy = me.y;
    }
    let kept = 0;
    for (const { player: p, tuple, key } of ships) {
      const known = this.ships.get(p.id);
      if (p.id !== this.playerId && !this.inView(s, p.x, p.y, known !== undefined)) continue;
      if (known) {
        kept += 1;
        known.gen = gen;
        if (known.key === key) continue;
        known.key = key;
      } else {
        this.ships.set(p.id, { key, gen });
      }
      msg.sh = add(msg.sh, tuple);
    }
    if (kept < this.ships.size) {
      for (const [id, v] of this.ships) {
        if (v.gen === gen) continue;
        this.ships.delete(id);
        msg.sg = add(msg.sg, id);
      }
    }
    kept = 0;
    for (const a of s.asteroids.values()) {
      const known = this.asteroids.has(a.id);
      if (!this.inView(s, a.x, a.y, known)) continue;
      this.asteroids.set(a.id, gen);
      if (known) {
        kept += 1;
        continue;
      }
      const q = (v: number) => Math.round(v * 10) / 10;
      // Paused rocks are sent standing still so clients do not extrapolate them (views reset on pause).
      const vx = s.paused ? 0 : Math.round(a.vx * 100);
      const vy = s.paused ? 0 : Math.round(a.vy * 100);
      msg.as = add(msg.as, [a.id, q(a.x), q(a.y), vx, vy, a.size]);
    }
    if (kept < this.asteroids.size) msg.ag = this.dropStale(this.asteroids, gen, msg.as?.length ?? 0);
    kept = 0;
    for (const u of s.powerUps.values()) {
      const known = this.powerUps.has(u.id);
      if (!this.inView(s, u.x, u.y, known)) continue;
      this.powerUps.set(u.id, gen);
      if (known) {
        kept += 1;
        continue;
      }
      msg.pu = add(msg.pu, [u.id, POWER_UP_KINDS.indexOf(u.kind), u.x, u.y]);
    }
    if (kept < this.powerUps.size) msg.pg = this.dropStale(this.powerUps, gen, msg.pu?.length ?? 0);
    for (const id of pending.newBullets) {
      const b = s.bullets.get(id);
      if (!b || !this.inView(s, b.x, b.y, true)) continue;
      const tuple: BulletTuple = [
        b.id,
        Math.round(b.x),
        Math.round(b.y),
        Math.round(b.vx * 100),
        Math.round(b.vy * 100),
        b.expiresAt - s.tick,
      ];
      msg.b = add(msg.b, tuple);
    }
    if (pending.removedBullets.length > 0) msg.bg = pending.removedBullets;
    for (const e of pending.explosions)
      if (this.inView(s, e.x, e.y, true)) msg.x = add(msg.x, [e.x, e.y, e.r]);
    return msg;
  }

  /** Removes ids not marked in this generation; `fresh` ids were just added and are current. */
  private dropStale(known: Map<number, number>, gen: number, fresh: number): number[] | undefined {
    if (known.size <= fresh) return undefined;
    let gone: number[] | undefined;
    for (const [id, g] of known) {
      if (g === gen) continue;
      known.delete(id);
      gone = add(gone, id);
    }
    return gone;
  }
}
