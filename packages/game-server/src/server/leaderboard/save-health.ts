import type { ErrorCode, GameError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';

/** Which kind of storage call reported: the write of pending scores, or a read of the board. */
export type StorageCall = 'read' | 'write';

/** Whether scores can be saved now and, if not, why; /healthz, metrics and players read it. */
export type SaveStatus =
  | { readonly saving: true }
  | {
      readonly saving: false;
      readonly code: ErrorCode;
      /** The error's message: what failed, on which path, and when the scores will be written. */
      readonly reason: string;
      /** Wall clock ms of the first failure of this outage. */
      readonly since: number;
      /** 'write' once any write failed in this outage: then only a successful write ends it. */
      readonly failedBy: StorageCall;
    };

export interface SaveHealthOptions {
  readonly logger: Logger;
  readonly metrics: GameMetrics;
  readonly now: () => number;
}

/**
 * The leaderboard's saving state, logged on its transitions only: one warning when saving
 * starts failing (and when the reason changes), one info line with the count written when it
 * works again; retries in between log at debug. Backoff retries every few seconds would
 * otherwise bury everything else in the log for the length of an outage.
 */
export class SaveHealth {
  private current: SaveStatus = { saving: true };

  constructor(private readonly o: SaveHealthOptions) {
    o.metrics.leaderboardSaving.set(1);
  }

  get status(): SaveStatus {
    return this.current;
  }

  failed(err: GameError, by: StorageCall, pending: number): void {
    const { logger, metrics } = this.o;
    metrics.leaderboardFailures.inc({ code: err.code });
    metrics.leaderboardSaving.set(0);
    metrics.leaderboardLastFailure.reset();
    metrics.leaderboardLastFailure.set({ code: err.code }, 1);
    const was = this.current;
    this.current = {
      saving: false,
      code: err.code,
      reason: err.message,
      since: was.saving ? this.o.now() : was.since,
      // Once a write has failed in this outage, only a write can end it.
      failedBy: !was.saving && was.failedBy === 'write' ? 'write' : by,
    };
    if (was.saving) logger.warn({ err, pending }, `leaderboard cannot save: ${err.message}`);
    else if (was.code !== err.code)
      logger.warn({ err, pending, before: was.code }, `leaderboard still cannot save, now: ${err.message}`);
    else logger.debug({ err, pending }, 'leaderboard storage failed again; retrying');
  }

  /**
   * A storage call worked. A successful read says nothing about writes (a full or read-only
   * volume reads fine), so it ends only an outage that no write has seen.
   */
  succeeded(by: StorageCall, written: number): void {
    const was = this.current;
    if (was.saving || (by === 'read' && was.failedBy === 'write')) return;
    this.current = { saving: true };
    this.o.metrics.leaderboardSaving.set(1);
    const failedForS = Math.round((this.o.now() - was.since) / 1000);
    this.o.logger.info(
      { written, failedForS, before: was.code },
      by === 'write'
        ? `leaderboard saving again after ${failedForS} s: wrote ${written} kept score(s)`
        : `leaderboard storage answers again after ${failedForS} s`,
    );
  }
}
