import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import { GameError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';
import { mergeBoards, parseBoard, serializeBoard } from './board.js';
import type { LeaderboardStorage } from './file-storage.js';

/** Timers, injected so tests control when flushes and retries happen. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LeaderboardServiceOptions {
  readonly storage: LeaderboardStorage;
  readonly logger: Logger;
  readonly metrics: GameMetrics;
  readonly timers: Timers;
  /** Scores are batched this long before a write, so a round end is one write. */
  readonly flushDelayMs?: number;
  /** Upper bound of the retry backoff while storage is failing. */
  readonly maxBackoffMs?: number;
}

/**
 * The all-time top 100, shared by every container through one file. Scores wait in memory until
 * a write under the lock succeeds: a failed write is retried with backoff, never dropped.
 */
export class LeaderboardService {
  private board: LeaderboardEntry[] = [];
  private pending: LeaderboardEntry[] = [];
  private timer: unknown;
  private running: Promise<boolean> | undefined;
  private failures = 0;
  /** Where the last corrupt file was moved, for /healthz. */
  corruptFileMovedTo: string | undefined;

  constructor(private readonly o: LeaderboardServiceOptions) {}

  top(): readonly LeaderboardEntry[] {
    return this.board;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Reads the board at start-up; a corrupt file is moved aside and reported. */
  async load(): Promise<void> {
    try {
      this.board = mergeBoards(this.board, await this.readDisk());
    } catch (e) {
      this.reportFailure(e);
    }
  }

  /** Picks up what other containers wrote (read only, no lock needed: writes are atomic). */
  async refresh(): Promise<void> {
    try {
      this.board = mergeBoards(await this.readDisk(), this.board);
    } catch (e) {
      this.reportFailure(e);
    }
  }

  submit(entries: readonly LeaderboardEntry[]): void {
    this.pending.push(...entries);
    this.board = mergeBoards(this.board, entries);
    this.o.metrics.leaderboardPending.set(this.pending.length);
    this.schedule(this.o.flushDelayMs ?? 1000);
  }

  /** Writes pending scores now (merged with what others wrote); true when the file is current. */
  flush(): Promise<boolean> {
    this.running ??= this.write().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Flushes until done or the deadline; anything still unwritten is logged entry by entry. */
  async close(deadlineMs: number, now: () => number = Date.now): Promise<boolean> {
    this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0 && now() < deadlineMs) {
      if (await this.flush()) break;
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadlineMs - now()))));
    }
    this.o.timers.clearTimeout(this.timer);
    for (const e of this.pending)
      this.o.logger.error({ entry: e }, 'leaderboard entry not persisted at shutdown');
    return this.pending.length === 0;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async readDisk(): Promise<LeaderboardEntry[]> {
    const text = await this.o.storage.read();
    if (text === undefined) return [];
    try {
      return parseBoard(text);
    } catch (cause) {
      const movedTo = await this.o.storage.moveAside('unparseable');
      this.corruptFileMovedTo = movedTo;
      this.o.metrics.leaderboardFailures.inc({ code: 'GAME_ERR_LEADERBOARD_CORRUPT' });
      this.o.logger.error(
        {
          err: new GameError(
            'GAME_ERR_LEADERBOARD_CORRUPT',
            `leaderboard file could not be parsed; moved to ${movedTo}`,
            { cause },
          ),
        },
        'leaderboard file corrupt, kept aside',
      );
      return [];
    }
  }

  private async write(): Promise<boolean> {
    const batch = this.pending.length;
    let release: (() => Promise<void>) | undefined;
    try {
      release = await this.o.storage.lock().catch((cause: unknown) => {
        throw new GameError('GAME_ERR_LEADERBOARD_LOCK', 'could not take the leaderboard lock', { cause });
      });
      const merged = mergeBoards(await this.readDisk(), this.board, this.pending.slice(0, batch));
      await this.o.storage.writeAtomic(serializeBoard(merged));
      this.board = merged;
      this.pending.splice(0, batch);
      this.o.metrics.leaderboardPending.set(this.pending.length);
      this.failures = 0;
      if (this.pending.length > 0) this.schedule(0);
      return true;
    } catch (e) {
      this.reportFailure(e);
      this.failures += 1;
      this.schedule(Math.min(this.o.maxBackoffMs ?? 30_000, 500 * 2 ** this.failures));
      return false;
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  private reportFailure(e: unknown): void {
    const err =
      e instanceof GameError
        ? e
        : new GameError('GAME_ERR_LEADERBOARD_WRITE', 'leaderboard storage failed', { cause: e });
    this.o.metrics.leaderboardFailures.inc({ code: err.code });
    this.o.logger.warn({ err, pending: this.pending.length }, 'leaderboard write failed, will retry');
  }
}
