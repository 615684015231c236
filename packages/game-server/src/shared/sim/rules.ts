/**
 * Tunables of the game, in seconds and world units per second so that changing the tick rate
 * changes only the smoothness, never the speed of play. Each default says why it has its value.
 */
export interface GameRules {
  /** Simulation steps per second; 20 matches the seed game's feel. */
  readonly tickHz: number;
  /** Players one arena holds before a new arena is opened. */
  readonly arenaCapacity: number;
  /** Ticks of no input after which a player is removed. */
  readonly idleTimeoutS: number;
  /** Length of a round and of the scoreboard pause after it. */
  readonly roundS: number;
  readonly intermissionS: number;
}

export const DEFAULT_RULES: GameRules = Object.freeze({
  tickHz: 20,
  arenaCapacity: 32,
  idleTimeoutS: 120,
  roundS: 180,
  intermissionS: 10,
});

/** Fixed physics of ships, shots and rocks. Not configurable: they define the game. */
export const PHYSICS = Object.freeze({
  turnRate: 4.2, // rad/s: a full turn in 1.5 s feels responsive but not twitchy
  thrust: 420, // u/s^2
  boostFactor: 1.7, // thrust and top speed multiplier while boosted
  maxSpeed: 380, // u/s
  drag: 0.6, // fraction of speed lost per second, so ships coast to a stop
  shipRadius: 14,
  maxHp: 3,
  bulletSpeed: 650, // u/s, added to the ship's own velocity
  bulletLifeS: 1.1,
  fireIntervalS: 0.28,
  rapidFireIntervalS: 0.1,
  respawnDelayS: 2,
  spawnProtectionS: 3, // long enough to get clear of a rock, short enough not to be abused
  powerUpEffectS: 8,
  shieldS: 6,
  powerUpLifeS: 20,
  powerUpRadius: 14,
  powerUpEveryS: 5,
  giantChance: 0.04, // "rare": roughly one rock in 25
  giantHits: 6,
});

/** Asteroid sizes: 1 small, 2 medium, 3 large, 4 giant. */
export type AsteroidSize = 1 | 2 | 3 | 4;

export const ASTEROID_RADIUS: Readonly<Record<AsteroidSize, number>> = { 1: 12, 2: 24, 3: 42, 4: 80 };
export const ASTEROID_SCORE: Readonly<Record<AsteroidSize, number>> = { 1: 100, 2: 50, 3: 20, 4: 250 };
export const ASTEROID_SPEED: Readonly<Record<AsteroidSize, number>> = { 1: 110, 2: 80, 3: 55, 4: 30 };
export const SHIP_KILL_SCORE = 300;

/** World side length: grows with the square root of the player count so density stays similar. */
export function worldSideFor(players: number): number {
  return Math.round(1400 * Math.sqrt(Math.max(4, players) / 4));
}

/** How many rocks an arena keeps in play for a given number of players. */
export function asteroidTargetFor(players: number): number {
  return 8 + Math.ceil(players * 1.5);
}
