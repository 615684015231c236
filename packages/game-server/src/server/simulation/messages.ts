import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import type { GameRules } from '../../shared/sim/rules.js';

/**
 * The messages between the main thread (sockets, sessions, leaderboard) and the simulation
 * thread (arenas, snapshots). Everything here is plain data: it crosses threads by structured
 * clone. The simulation knows players by their session id only.
 */

/** What the simulation starts from; passed to the worker as its workerData. */
export interface SimulationSettings {
  readonly rules: GameRules;
  readonly maxArenas: number;
  /** Ticks between two snapshots to each client. */
  readonly snapshotEvery: number;
  /** Arena n is seeded with seed + n; undefined seeds from the clock at each arena's opening. */
  readonly seed: number | undefined;
}

/** Main thread -> simulation. */
export type ToSimulation =
  | { readonly t: 'join'; readonly sessionId: number; readonly name: string; readonly hue: number }
  | { readonly t: 'input'; readonly sessionId: number; readonly keys: number }
  | { readonly t: 'leave'; readonly sessionId: number }
  /** The main thread dropped a frame for this session: its next frame must be a full snapshot. */
  | { readonly t: 'resync'; readonly sessionId: number }
  /** Say bye to everyone, hand over the unfinished rounds' scores, then answer shutdown-done. */
  | { readonly t: 'shutdown' };

/**
 * The snapshots of one tick, as parallel arrays: one clone of three arrays is cheaper than one
 * object per frame.
 */
export interface FrameBatch {
  readonly t: 'frames';
  readonly sessionIds: readonly number[];
  readonly texts: readonly string[];
  /** True where the frame is a full snapshot (a keyframe) that needs no earlier frame. */
  readonly keyframes: readonly boolean[];
}

/** What one tick cost the simulation thread, and what it holds now. */
export interface TickReport {
  readonly t: 'tick';
  /** Step every arena, encode every snapshot and post the batch. */
  readonly ms: number;
  readonly players: number;
  readonly arenas: number;
}

/** Simulation -> main thread. */
export type FromSimulation =
  /** The worker has built its simulation and the loop runs. */
  | { readonly t: 'ready' }
  | FrameBatch
  /** One message to one session (welcome, error, bye), already serialised. */
  | { readonly t: 'send'; readonly sessionId: number; readonly text: string }
  /** The game ends this session (idle, full, shutdown); a bye was sent just before. */
  | { readonly t: 'close'; readonly sessionId: number; readonly code: number; readonly reason: string }
  /** Finished scores for the leaderboard. */
  | { readonly t: 'scores'; readonly entries: readonly LeaderboardEntry[] }
  | TickReport
  /** Every bye, close and score of the shutdown has been posted before this. */
  | { readonly t: 'shutdown-done' };
