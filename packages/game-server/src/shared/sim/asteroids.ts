import type { Asteroid } from './entities.js';
import { quantVel, type WorldSize, wrapDistSq } from './geometry.js';
import type { Rng } from './rng.js';
import { ASTEROID_SPEED, type AsteroidSize, PHYSICS } from './rules.js';

/** Clear space kept around ships when a new rock appears, so nobody is hit by a spawn. */
const SPAWN_CLEARANCE = 350;

function velocityFor(rng: Rng, size: AsteroidSize, hz: number): { vx: number; vy: number } {
  const angle = rng.range(0, Math.PI * 2);
  const speed = ASTEROID_SPEED[size] * rng.range(0.6, 1.4);
  return { vx: quantVel((Math.cos(angle) * speed) / hz), vy: quantVel((Math.sin(angle) * speed) / hz) };
}

/** A fresh rock at a spot away from every given ship position (best effort after 20 tries). */
export function spawnAsteroid(
  rng: Rng,
  id: number,
  world: WorldSize,
  hz: number,
  avoid: ReadonlyArray<{ x: number; y: number }>,
): Asteroid {
  const size: AsteroidSize = rng.chance(PHYSICS.giantChance) ? 4 : 3;
  let x = 0;
  let y = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    x = Math.round(rng.range(0, world.width));
    y = Math.round(rng.range(0, world.height));
    const clear = avoid.every((s) => wrapDistSq(x, y, s.x, s.y, world) > SPAWN_CLEARANCE ** 2);
    if (clear) break;
  }
  return { id, x, y, size, hp: size === 4 ? PHYSICS.giantHits : 1, ...velocityFor(rng, size, hz) };
}

/**
 * What a destroyed rock leaves behind: a giant breaks into three large rocks, large into two
 * medium, medium into two small, small into nothing.
 */
export function splitAsteroid(rng: Rng, a: Asteroid, hz: number, nextId: () => number): Asteroid[] {
  if (a.size === 1) return [];
  const size = (a.size - 1) as AsteroidSize;
  const count = a.size === 4 ? 3 : 2;
  const parts: Asteroid[] = [];
  for (let i = 0; i < count; i++) {
    parts.push({ id: nextId(), x: a.x, y: a.y, size, hp: 1, ...velocityFor(rng, size, hz) });
  }
  return parts;
}
