import type { Logger } from '../logger.js';
import type { GameMetrics } from '../metrics.js';
import { realTimers } from '../timers.js';
import { IoLane } from './io-lane.js';

export interface VolumeLaneOptions {
  /** GAME_STORAGE_CONCURRENCY. */
  readonly size: number;
  /** GAME_STORAGE_TIMEOUT_S. */
  readonly timeoutS: number;
  readonly logger: Logger;
  readonly metrics: GameMetrics;
}

/**
 * The server's one lane to the volume, logging a hang once when it starts and once when it
 * ends (not once per refused call) and keeping the storage metrics. Its deadlines run on the
 * real clock, also when a test steps the leaderboard's timers by hand.
 */
export function createVolumeLane(o: VolumeLaneOptions): IoLane {
  const { logger, metrics, timeoutS } = o;
  return new IoLane({
    size: o.size,
    timeoutMs: timeoutS * 1000,
    timers: realTimers,
    events: {
      stuck(what, stuck) {
        metrics.storageTimeouts.inc();
        metrics.storageStuck.set(stuck);
        if (stuck === 1)
          logger.warn(
            { what, timeoutS },
            `a call on the volume got no answer within ${timeoutS} s; calls on the volume are refused until it returns`,
          );
      },
      returned(what, stuck, stuckForMs) {
        metrics.storageStuck.set(stuck);
        if (stuck === 0)
          logger.info(
            { what, stuckForS: Math.round(stuckForMs / 1000) },
            'the stuck call on the volume returned; calls on the volume go through again',
          );
      },
    },
  });
}
