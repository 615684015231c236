import type { AsteroidSize } from './rules.js';

/** The four power-up kinds; their numeric codes travel in snapshots. */
export const POWER_UP_KINDS = ['shield', 'health', 'rapid', 'boost'] as const;
export type PowerUpKind = (typeof POWER_UP_KINDS)[number];

/** A player and their ship are one record: a ship exists only while its player is in the arena. */
export interface Player {
  readonly id: number;
  name: string;
  hue: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
  angle: number;
  hp: number;
  alive: boolean;
  /** Tick at which a dead ship comes back. */
  respawnAt: number;
  protectedUntil: number;
  shieldUntil: number;
  rapidUntil: number;
  boostUntil: number;
  nextFireAt: number;
  keys: number;
  lastInputTick: number;
  score: number;
  kills: number;
  deaths: number;
}

export interface Asteroid {
  readonly id: number;
  x: number;
  y: number;
  readonly vx: number;
  readonly vy: number;
  readonly size: AsteroidSize;
  hp: number;
}

export interface Bullet {
  readonly id: number;
  readonly owner: number;
  x: number;
  y: number;
  readonly vx: number;
  readonly vy: number;
  /** Tick after which the bullet is gone. */
  readonly expiresAt: number;
}

export interface PowerUp {
  readonly id: number;
  readonly kind: PowerUpKind;
  readonly x: number;
  readonly y: number;
  readonly expiresAt: number;
}

/** One row of a scoreboard, live or end-of-round. */
export interface ScoreRow {
  readonly id: number;
  readonly name: string;
  readonly hue: number;
  readonly score: number;
  readonly kills: number;
  readonly deaths: number;
}
