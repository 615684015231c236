import type { ArenaState } from '../sim/arena-state.js';
import type { Asteroid, Player, PowerUp } from '../sim/entities.js';
import type { WorldSize } from '../sim/geometry.js';
import { KEY } from './keys.js';
import { type BulletTuple, type ExplosionTuple, SHIP_FLAG, type ShipTuple } from './server-messages.js';
import { SlotTable } from './slot-table.js';

/** Events gathered between two snapshots of an arena. */
export interface PendingEvents {
  newBullets: number[];
  removedBullets: number[];
  explosions: Array<{ x: number; y: number; r: number }>;
}

/** A bullet fired since the last snapshot round, with its wire form. */
export interface FreshBullet {
  readonly x: number;
  readonly y: number;
  readonly tuple: BulletTuple;
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

function sameTuple(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The part of a snapshot round that is the same for every member of an arena, computed once per
 * round: entity slots, ships' wire forms with a version that changes when the form does, the
 * bullets fired and the explosions since the last round. Each ClientView then only picks what
 * is in its area and compares numbers.
 */
export class ArenaSnapshot {
  tick = 0;
  paused = false;
  world: WorldSize = { width: 0, height: 0 };
  players: ReadonlyMap<number, Player> = new Map();
  readonly ships = new SlotTable<Player>();
  /** Ship slot -> wire form, and its version (arena-wide, so a reused slot never repeats one). */
  readonly shipTuples: ShipTuple[] = [];
  readonly shipVersions: number[] = [];
  readonly rocks = new SlotTable<Asteroid>();
  readonly powerUps = new SlotTable<PowerUp>();
  bullets: FreshBullet[] = [];
  removedBullets: number[] = [];
  explosions: ExplosionTuple[] = [];
  private nextVersion = 0;

  /** Takes in the arena as it is now and the events since the last round. */
  update(s: ArenaState, pending: PendingEvents): void {
    this.tick = s.tick;
    this.paused = s.paused;
    this.world = s.world;
    this.players = s.players;
    this.ships.sync(s.players.values());
    const ships = this.ships.items;
    for (let slot = 0; slot < ships.length; slot++) {
      const p = ships[slot];
      if (p === undefined) continue;
      const tuple = shipTuple(p, s.tick);
      const old = this.shipTuples[slot];
      if (old !== undefined && sameTuple(old, tuple)) continue;
      this.shipTuples[slot] = tuple;
      this.shipVersions[slot] = ++this.nextVersion;
    }
    this.rocks.sync(s.asteroids.values());
    this.powerUps.sync(s.powerUps.values());
    this.bullets = [];
    for (const id of pending.newBullets) {
      const b = s.bullets.get(id);
      if (!b) continue;
      const tuple: BulletTuple = [
        b.id,
        Math.round(b.x),
        Math.round(b.y),
        Math.round(b.vx * 100),
        Math.round(b.vy * 100),
        b.expiresAt - s.tick,
      ];
      this.bullets.push({ x: b.x, y: b.y, tuple });
    }
    this.removedBullets = pending.removedBullets;
    this.explosions = pending.explosions.map((e) => [e.x, e.y, e.r]);
  }
}
