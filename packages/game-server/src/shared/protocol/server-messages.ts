import type { RoundPhase } from '../sim/round-clock.js';

/** Ship: id, x, y, angle x100, flags (SHIP_FLAG), hp. Positions are whole world units. */
export type ShipTuple = [number, number, number, number, number, number];
/** Asteroid: id, x, y, vx x100, vy x100 (units per tick), size 1-4. Clients extrapolate. */
export type AsteroidTuple = [number, number, number, number, number, number];
/** Bullet: id, x, y, vx x100, vy x100, ticks left. Sent once, when fired. */
export type BulletTuple = [number, number, number, number, number, number];
/** Power-up: id, kind index (POWER_UP_KINDS), x, y. */
export type PowerUpTuple = [number, number, number, number];
/** Explosion: x, y, radius. */
export type ExplosionTuple = [number, number, number];
/** Score row: id, name, hue, score, kills, deaths. */
export type ScoreTuple = [number, string, number, number, number, number];

export const SHIP_FLAG = Object.freeze({
  thrust: 1,
  protected: 2,
  shield: 4,
  rapid: 8,
  boost: 16,
  dead: 32,
});

/**
 * A snapshot carries only what changed for this client since the last one: ships whose
 * quantised state moved, rocks and power-ups entering view, bullets just fired, and the ids of
 * things that left. `reset` tells the client to drop everything it knows first.
 */
export interface SnapshotMessage {
  t: 's';
  /** Server tick. */
  k: number;
  reset?: 1;
  /** World side length, sent on reset. */
  w?: number;
  sh?: ShipTuple[];
  sg?: number[];
  as?: AsteroidTuple[];
  ag?: number[];
  b?: BulletTuple[];
  bg?: number[];
  pu?: PowerUpTuple[];
  pg?: number[];
  x?: ExplosionTuple[];
  /** The arena's scoreboard, about once a second. */
  sb?: ScoreboardMessage;
}

export interface WelcomeMessage {
  t: 'welcome';
  id: number;
  arena: number;
  hz: number;
  /** Ticks between two snapshots; the client delays its view by about two of these. */
  every: number;
  name: string;
}

export interface ScoreboardMessage {
  t: 'sb';
  phase: RoundPhase;
  round: number;
  /** Seconds until the phase changes. */
  left: number;
  rows: ScoreTuple[];
}

export interface LeaderboardEntry {
  readonly name: string;
  readonly score: number;
  readonly kills: number;
  /** Unix ms when the score was made. */
  readonly at: number;
}

/** Why the server cannot save scores right now, in the words a player needs. */
export type SaveProblem = 'offline' | 'full' | 'read-only' | 'failing';

/** The all-time board, the answer to a client's `lb`. */
export interface LeaderboardMessage {
  t: 'lb';
  top: LeaderboardEntry[];
  /**
   * Present, and always false, only while the server cannot save scores (they are kept in its
   * memory meanwhile). Absent means saving works, so servers and clients from before this field
   * understand each other.
   */
  saving?: false;
  /** With `saving: false`: why. A client shows a general notice for a value it does not know. */
  why?: SaveProblem;
}

export type ServerMessage =
  | SnapshotMessage
  | WelcomeMessage
  | ScoreboardMessage
  | LeaderboardMessage
  | { t: 'pong'; c: number }
  | { t: 'error'; code: string; msg: string }
  | { t: 'bye'; reason: 'shutdown' | 'idle' | 'abuse' | 'full' };
