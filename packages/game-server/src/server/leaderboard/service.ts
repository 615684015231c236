import type { LeaderboardEntry, LeaderboardMessage } from '../../shared/protocol/server-messages.js';
import { GameError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';
import type { Timers } from '../timers.js';
import { mergeBoards, parseBoard, serializeBoard } from './board.js';
import type { LeaderboardStorage } from './file-storage.js';
import { PendingScores } from './pending.js';
import { leaderboardReply } from './reply.js';
import { SaveHealth, type SaveStatus, type StorageCall } from './save-health.js';
import { classifyStorageError } from './storage-errors.js';

export type { Timers } from '../timers.js';

export interface LeaderboardServiceOptions {
  readonly storage: LeaderboardStorage;
  readonly logger: Logger;
  readonly metrics: GameMetrics;
  readonly timers: Timers;
  /** Scores are batched this long before a write, so a round end is one write. */
  readonly flushDelayMs?: number;
  /** Upper bound of the retry backoff while storage is failing. */
  readonly maxBackoffMs?: number;
  /** Wall clock in ms, for how long saving has been failing. */
  readonly now?: () => number;
}

/**
 * The all-time top 100, shared by every container through one file. Scores wait in memory
 * (folded to what could still reach the board) until a write under the lock succeeds: a failed
 * write is retried with backoff, never dropped, and saving resumes by itself.
 */
export class LeaderboardService {
  private board: LeaderboardEntry[] = [];
  private readonly pending = new PendingScores();
  private readonly health: SaveHealth;
  private timer: unknown;
  private running: Promise<boolean> | undefined;
  private failures = 0;
  /** Where the last corrupt file was moved, for /healthz. */
  corruptFileMovedTo: string | undefined;

  constructor(private readonly o: LeaderboardServiceOptions) {
    this.health = new SaveHealth({ logger: o.logger, metrics: o.metrics, now: o.now ?? Date.now });
  }

  top(): readonly LeaderboardEntry[] {
    return this.board;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Whether scores can be saved now and, if not, why. */
  get saving(): SaveStatus {
    return this.health.status;
  }

  /** The answer to a player's `lb` request, with a notice while scores cannot be saved. */
  reply(): LeaderboardMessage {
    return leaderboardReply(this.board, this.health.status);
  }

  /**
   * Reads the board at start-up; a corrupt file is moved aside and reported. First, under the
   * lock, removes temp files a killed writer left behind.
   */
  async load(): Promise<void> {
    try {
      await this.removeStaleTemps();
    } catch (e) {
      this.failed(e, 'read');
    }
    try {
      this.board = mergeBoards(this.board, await this.readDisk());
      this.health.succeeded('read', 0);
    } catch (e) {
      this.failed(e, 'read');
    }
  }

  /** Picks up what other containers wrote (read only, no lock needed: writes are atomic). */
  async refresh(): Promise<void> {
    try {
      this.board = mergeBoards(await this.readDisk(), this.board);
      this.health.succeeded('read', 0);
    } catch (e) {
      this.failed(e, 'read');
    }
  }

  submit(entries: readonly LeaderboardEntry[]): void {
    const folded = this.pending.add(entries);
    if (folded > 0) this.o.metrics.leaderboardFolded.inc(folded);
    this.board = mergeBoards(this.board, entries);
    this.o.metrics.leaderboardPending.set(this.pending.size);
    this.schedule(this.o.flushDelayMs ?? 1000);
  }

  /** Writes pending scores now (merged with what others wrote); true when the file is current. */
  flush(): Promise<boolean> {
    this.running ??= this.write().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Flushes until done or the deadline; anything still unwritten is logged entry by entry. A
   * flush on a hung mount answers only at the storage deadline, so it is not waited for past
   * this one.
   */
  async close(deadlineMs: number, now: () => number = Date.now): Promise<boolean> {
    this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.size > 0 && now() < deadlineMs) {
      if (await beforeDeadline(this.flush(), deadlineMs - now())) break;
      await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadlineMs - now()))));
    }
    this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    for (const e of this.pending.list())
      this.o.logger.error({ entry: e }, 'leaderboard entry not persisted at shutdown');
    return this.pending.size === 0;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = this.o.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async removeStaleTemps(): Promise<void> {
    const release = await this.o.storage.lock();
    try {
      const removed = await this.o.storage.removeStaleTemps();
      if (removed.length > 0)
        this.o.logger.info(
          { removed },
          `removed ${removed.length} leaderboard temp file(s) left by a writer that died mid-write`,
        );
    } finally {
      await release().catch(() => undefined);
    }
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
    const batch = this.pending.list();
    let release: (() => Promise<void>) | undefined;
    try {
      release = await this.o.storage.lock();
      const merged = mergeBoards(await this.readDisk(), this.board, batch);
      await this.o.storage.writeAtomic(serializeBoard(merged));
      // Scores submitted while the write ran are in this.board but not yet in the file.
      this.board = mergeBoards(merged, this.board);
      this.pending.remove(batch);
      this.o.metrics.leaderboardPending.set(this.pending.size);
      this.failures = 0;
      this.health.succeeded('write', batch.length);
      if (this.pending.size > 0) this.schedule(0);
      return true;
    } catch (e) {
      this.failed(e, 'write');
      this.failures += 1;
      this.schedule(Math.min(this.o.maxBackoffMs ?? 30_000, 500 * 2 ** this.failures));
      return false;
    } finally {
      await release?.().catch(() => undefined);
    }
  }

  private failed(e: unknown, by: StorageCall): void {
    this.health.failed(classifyStorageError(e, 'the leaderboard file'), by, this.pending.size);
  }
}

/** The promise's outcome, or false once `ms` have passed without one. */
async function beforeDeadline(work: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
