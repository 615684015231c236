import { type Player, POWER_UP_KINDS, type PowerUp, type PowerUpKind } from './entities.js';
import type { WorldSize } from './geometry.js';
import type { Rng } from './rng.js';
import { PHYSICS } from './rules.js';

/** A power-up of a random kind at a random place. */
export function spawnPowerUp(rng: Rng, id: number, world: WorldSize, tick: number, hz: number): PowerUp {
  const kind = POWER_UP_KINDS[rng.int(POWER_UP_KINDS.length)] ?? 'shield';
  return {
    id,
    kind,
    x: Math.round(rng.range(0, world.width)),
    y: Math.round(rng.range(0, world.height)),
    expiresAt: tick + Math.round(PHYSICS.powerUpLifeS * hz),
  };
}

/** Gives a ship the effect of a collected power-up. */
export function applyPowerUp(p: Player, kind: PowerUpKind, tick: number, hz: number): void {
  const effect = Math.round(PHYSICS.powerUpEffectS * hz);
  switch (kind) {
    case 'shield':
      p.shieldUntil = tick + Math.round(PHYSICS.shieldS * hz);
      break;
    case 'health':
      p.hp = Math.min(PHYSICS.maxHp, p.hp + 1);
      break;
    case 'rapid':
      p.rapidUntil = tick + effect;
      break;
    case 'boost':
      p.boostUntil = tick + effect;
      break;
  }
}

/** How many power-ups may lie around at once: a few more with more players. */
export function powerUpCapFor(players: number): number {
  return 2 + Math.floor(players / 4);
}
