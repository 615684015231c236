import type { Asteroid, Bullet, Player, PowerUp, ScoreRow } from './entities.js';
import type { WorldSize } from './geometry.js';
import type { Rng } from './rng.js';

/** Everything one arena's simulation owns; the step functions read and change it. */
export interface ArenaState {
  tick: number;
  readonly hz: number;
  /** True during the pause between rounds: nothing moves. */
  paused: boolean;
  world: WorldSize;
  readonly rng: Rng;
  readonly players: Map<number, Player>;
  readonly asteroids: Map<number, Asteroid>;
  readonly bullets: Map<number, Bullet>;
  readonly powerUps: Map<number, PowerUp>;
  nextId(): number;
}

/** What happened during one step, for the transport to tell clients about. */
export interface StepEvents {
  readonly newBullets: Bullet[];
  readonly removedBullets: number[];
  readonly explosions: Array<{ x: number; y: number; r: number }>;
  readonly kills: Array<{ killer: number; victim: number }>;
  /** Players removed for being idle too long. */
  readonly idle: number[];
  roundEnded?: ScoreRow[];
  roundStarted?: boolean;
}

export function emptyEvents(): StepEvents {
  return { newBullets: [], removedBullets: [], explosions: [], kills: [], idle: [] };
}

/** The scoreboard sorted best first: score, then kills, then fewer deaths. */
export function scoreboard(players: Iterable<Player>): ScoreRow[] {
  const rows: ScoreRow[] = [];
  for (const p of players) {
    rows.push({ id: p.id, name: p.name, hue: p.hue, score: p.score, kills: p.kills, deaths: p.deaths });
  }
  return rows.sort((a, b) => b.score - a.score || b.kills - a.kills || a.deaths - b.deaths || a.id - b.id);
}
