import { KEY } from '../protocol/keys.js';
import type { Bullet, Player } from './entities.js';
import { quantVel, type WorldSize, wrap } from './geometry.js';
import { PHYSICS } from './rules.js';

/** Advances one live ship by one tick from its held keys. */
export function stepShip(p: Player, tick: number, hz: number, world: WorldSize): void {
  const dt = 1 / hz;
  if (p.keys & KEY.left) p.angle -= PHYSICS.turnRate * dt;
  if (p.keys & KEY.right) p.angle += PHYSICS.turnRate * dt;
  // Keep the angle small so quantised snapshots stay short.
  p.angle = wrap(p.angle, Math.PI * 2);
  const boosted = tick < p.boostUntil;
  if (p.keys & KEY.thrust) {
    const thrust = PHYSICS.thrust * (boosted ? PHYSICS.boostFactor : 1) * dt;
    p.vx += Math.cos(p.angle) * thrust;
    p.vy += Math.sin(p.angle) * thrust;
  }
  const damp = 1 - PHYSICS.drag * dt;
  p.vx *= damp;
  p.vy *= damp;
  const max = PHYSICS.maxSpeed * (boosted ? PHYSICS.boostFactor : 1);
  const speed = Math.hypot(p.vx, p.vy);
  if (speed > max) {
    p.vx = (p.vx / speed) * max;
    p.vy = (p.vy / speed) * max;
  }
  p.x = wrap(p.x + p.vx * dt, world.width);
  p.y = wrap(p.y + p.vy * dt, world.height);
}

/** Fires a bullet if the fire key is held and the gun has cooled down; returns it or undefined. */
export function tryFire(p: Player, tick: number, hz: number, id: number): Bullet | undefined {
  if (!(p.keys & KEY.fire) || tick < p.nextFireAt) return undefined;
  const interval = tick < p.rapidUntil ? PHYSICS.rapidFireIntervalS : PHYSICS.fireIntervalS;
  p.nextFireAt = tick + Math.max(1, Math.round(interval * hz));
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  // Per-tick velocities on the 1/100 grid: clients extrapolate bullets exactly from one message.
  const vx = quantVel((p.vx + cos * PHYSICS.bulletSpeed) / hz);
  const vy = quantVel((p.vy + sin * PHYSICS.bulletSpeed) / hz);
  return {
    id,
    owner: p.id,
    x: Math.round(p.x + cos * PHYSICS.shipRadius),
    y: Math.round(p.y + sin * PHYSICS.shipRadius),
    vx,
    vy,
    expiresAt: tick + Math.round(PHYSICS.bulletLifeS * hz),
  };
}
