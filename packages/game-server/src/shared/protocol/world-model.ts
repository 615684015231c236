import { wrap, wrapDelta } from '../sim/geometry.js';
import type { ShipTuple, SnapshotMessage } from './server-messages.js';

/** A linear mover (rock or bullet) known from one message and extrapolated from then on. */
export interface Mover {
  readonly id: number;
  readonly x0: number;
  readonly y0: number;
  /** Units per tick. */
  readonly vx: number;
  readonly vy: number;
  readonly tick0: number;
  /** Rock size, or ticks of life for a bullet. */
  readonly extra: number;
}

export interface ShipView {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly flags: number;
  readonly hp: number;
}

/** How many full ship states are kept for interpolation. */
const HISTORY = 6;

/**
 * The client's picture of the world rebuilt from delta snapshots. Ships are interpolated between
 * the two states around the render tick; rocks and bullets move on their own from one message.
 */
export class WorldModel {
  side = 0;
  latestTick = 0;
  private history: Array<{ tick: number; ships: Map<number, ShipTuple> }> = [];
  readonly asteroids = new Map<number, Mover>();
  readonly bullets = new Map<number, Mover>();
  readonly powerUps = new Map<number, { kind: number; x: number; y: number }>();
  explosions: Array<{ x: number; y: number; r: number; tick: number }> = [];

  apply(msg: SnapshotMessage): void {
    const last = this.history.at(-1);
    const ships = new Map(msg.reset ? [] : last?.ships);
    if (msg.reset) {
      this.history = [];
      this.asteroids.clear();
      this.bullets.clear();
      this.powerUps.clear();
    }
    if (msg.w) this.side = msg.w;
    this.latestTick = msg.k;
    for (const s of msg.sh ?? []) ships.set(s[0], s);
    for (const id of msg.sg ?? []) ships.delete(id);
    for (const [id, x, y, vx, vy, size] of msg.as ?? []) {
      this.asteroids.set(id, { id, x0: x, y0: y, vx: vx / 100, vy: vy / 100, tick0: msg.k, extra: size });
    }
    for (const id of msg.ag ?? []) this.asteroids.delete(id);
    for (const [id, x, y, vx, vy, life] of msg.b ?? []) {
      this.bullets.set(id, { id, x0: x, y0: y, vx: vx / 100, vy: vy / 100, tick0: msg.k, extra: life });
    }
    for (const id of msg.bg ?? []) this.bullets.delete(id);
    for (const [id, kind, x, y] of msg.pu ?? []) this.powerUps.set(id, { kind, x, y });
    for (const id of msg.pg ?? []) this.powerUps.delete(id);
    for (const [x, y, r] of msg.x ?? []) this.explosions.push({ x, y, r, tick: msg.k });
    this.explosions = this.explosions.filter((e) => msg.k - e.tick < 20);
    for (const b of this.bullets.values()) if (msg.k - b.tick0 >= b.extra) this.bullets.delete(b.id);
    this.history.push({ tick: msg.k, ships });
    if (this.history.length > HISTORY) this.history.shift();
  }

  /** A ship as the newest snapshot left it (undefined when out of view or unknown). */
  latestShip(id: number): ShipTuple | undefined {
    return this.history.at(-1)?.ships.get(id);
  }

  /** Where a rock or bullet is at a (fractional) tick. */
  moverAt(m: Mover, tick: number): { x: number; y: number } {
    const dt = Math.max(0, tick - m.tick0);
    return { x: wrap(m.x0 + m.vx * dt, this.side || 1), y: wrap(m.y0 + m.vy * dt, this.side || 1) };
  }

  /** Ships at a fractional tick, interpolated the short way round the wrap-around world. */
  shipsAt(tick: number): ShipView[] {
    const h = this.history;
    if (h.length === 0) return [];
    let older = h[0]!;
    let newer = h[h.length - 1]!;
    for (let i = h.length - 1; i > 0; i--) {
      const a = h[i - 1]!;
      if (a.tick <= tick) {
        older = a;
        newer = h[i]!;
        break;
      }
    }
    const span = newer.tick - older.tick;
    const f = span > 0 ? Math.min(1, Math.max(0, (tick - older.tick) / span)) : 1;
    const out: ShipView[] = [];
    for (const [id, n] of newer.ships) {
      const o = older.ships.get(id) ?? n;
      const side = this.side || 1;
      const angO = o[3] / 100;
      const angN = n[3] / 100;
      out.push({
        id,
        x: wrap(o[1] + wrapDelta(o[1], n[1], side) * f, side),
        y: wrap(o[2] + wrapDelta(o[2], n[2], side) * f, side),
        angle: angO + wrapDelta(angO, angN, Math.PI * 2) * f,
        flags: n[4],
        hp: n[5],
      });
    }
    return out;
  }
}
