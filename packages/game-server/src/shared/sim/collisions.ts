import type { ArenaState, StepEvents } from './arena-state.js';
import { splitAsteroid } from './asteroids.js';
import type { Asteroid, Player } from './entities.js';
import { circlesTouch, type WorldSize } from './geometry.js';
import { Grid } from './grid.js';
import { applyPowerUp } from './power-ups.js';
import { ASTEROID_RADIUS, ASTEROID_SCORE, PHYSICS, SHIP_KILL_SCORE } from './rules.js';

function touching(ax: number, ay: number, ar: number, bx: number, by: number, br: number, s: ArenaState) {
  return circlesTouch(ax, ay, ar, bx, by, br, s.world);
}

/** A ship is safe while freshly spawned or shielded. */
export function invulnerable(p: Player, tick: number): boolean {
  return tick < p.protectedUntil || tick < p.shieldUntil;
}

/** One point of damage to a ship; a ship at zero explodes and its killer is credited. */
export function damageShip(
  s: ArenaState,
  victim: Player,
  attacker: Player | undefined,
  ev: StepEvents,
): void {
  if (!victim.alive || invulnerable(victim, s.tick)) return;
  victim.hp -= 1;
  if (victim.hp > 0) return;
  victim.alive = false;
  victim.deaths += 1;
  victim.respawnAt = s.tick + Math.round(PHYSICS.respawnDelayS * s.hz);
  ev.explosions.push({ x: Math.round(victim.x), y: Math.round(victim.y), r: 30 });
  if (attacker && attacker !== victim) {
    attacker.kills += 1;
    attacker.score += SHIP_KILL_SCORE;
    ev.kills.push({ killer: attacker.id, victim: victim.id });
  }
}

/** One hit on a rock; when it breaks, its pieces appear and the shooter scores. */
export function hitAsteroid(s: ArenaState, a: Asteroid, by: Player | undefined, ev: StepEvents): void {
  a.hp -= 1;
  if (a.hp > 0) return;
  s.asteroids.delete(a.id);
  for (const part of splitAsteroid(s.rng, a, s.hz, () => s.nextId())) s.asteroids.set(part.id, part);
  ev.explosions.push({ x: Math.round(a.x), y: Math.round(a.y), r: ASTEROID_RADIUS[a.size] });
  if (by) by.score += ASTEROID_SCORE[a.size];
}

/** Broad-phase cell size: larger than the biggest rock radius plus a bullet or a ship. */
const CELL = Math.max(...Object.values(ASTEROID_RADIUS)) + PHYSICS.shipRadius + 4;

/**
 * Resolves every contact of a tick: shots, rams and pick-ups. One per arena, so its broad-phase
 * grids are refilled each tick instead of built anew.
 */
export class Collisions {
  private readonly rocks: Grid<Asteroid>;
  private readonly ships: Grid<Player>;

  constructor(world: WorldSize) {
    this.rocks = new Grid<Asteroid>(world, CELL);
    this.ships = new Grid<Player>(world, CELL);
  }

  resolve(s: ArenaState, ev: StepEvents): void {
    const { rocks, ships } = this;
    rocks.clear(s.world);
    for (const a of s.asteroids.values()) rocks.insert(a.x, a.y, a);
    ships.clear(s.world);
    for (const p of s.players.values()) if (p.alive) ships.insert(p.x, p.y, p);
    for (const b of s.bullets.values()) {
      const shooter = s.players.get(b.owner);
      if (
        bulletHitsRock(s, b.x, b.y, rocks, shooter, ev) ||
        bulletHitsShip(s, b.x, b.y, b.owner, ships, shooter, ev)
      ) {
        s.bullets.delete(b.id);
        ev.removedBullets.push(b.id);
      }
    }
    for (const p of s.players.values()) {
      if (!p.alive) continue;
      if (!invulnerable(p, s.tick)) shipHitsRock(s, p, rocks, ev);
      if (!p.alive) continue;
      for (const u of s.powerUps.values()) {
        if (touching(p.x, p.y, PHYSICS.shipRadius, u.x, u.y, PHYSICS.powerUpRadius, s)) {
          applyPowerUp(p, u.kind, s.tick, s.hz);
          s.powerUps.delete(u.id);
        }
      }
    }
  }
}

function bulletHitsRock(
  s: ArenaState,
  x: number,
  y: number,
  rocks: Grid<Asteroid>,
  shooter: Player | undefined,
  ev: StepEvents,
) {
  const n = rocks.near(x, y);
  for (let i = 0; i < n; i++) {
    const a = rocks.found[i];
    // Rocks broken earlier this tick are still in the grid; they no longer count.
    if (!a || a.hp <= 0 || !touching(x, y, 2, a.x, a.y, ASTEROID_RADIUS[a.size], s)) continue;
    hitAsteroid(s, a, shooter, ev);
    return true;
  }
  return false;
}

function bulletHitsShip(
  s: ArenaState,
  x: number,
  y: number,
  owner: number,
  ships: Grid<Player>,
  shooter: Player | undefined,
  ev: StepEvents,
) {
  const n = ships.near(x, y);
  for (let i = 0; i < n; i++) {
    const p = ships.found[i];
    if (!p || p.id === owner || !p.alive || !touching(x, y, 2, p.x, p.y, PHYSICS.shipRadius, s)) continue;
    damageShip(s, p, shooter, ev);
    return true;
  }
  return false;
}

/** Ramming breaks the rock too; a protected ship passes through instead (checked by the caller). */
function shipHitsRock(s: ArenaState, p: Player, rocks: Grid<Asteroid>, ev: StepEvents): void {
  const n = rocks.near(p.x, p.y);
  for (let i = 0; i < n; i++) {
    const a = rocks.found[i];
    if (!a || a.hp <= 0 || !touching(p.x, p.y, PHYSICS.shipRadius, a.x, a.y, ASTEROID_RADIUS[a.size], s))
      continue;
    damageShip(s, p, undefined, ev);
    hitAsteroid(s, a, p, ev);
    return;
  }
}
