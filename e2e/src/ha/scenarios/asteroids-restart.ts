import { dockerStart, dockerStop } from '../../docker-state.js';
import type { ScoreRecord } from '../../probes/score-writer.js';
import type { HaStack } from '../ha-stack.js';
import { type Observed, observe } from '../observe.js';
import { waitPlayable } from '../playable.js';
import { GRACE_PERIOD_S } from '../server-faults.js';

/** What restarting the asteroids container measured. */
export interface AsteroidsRestartOutcome {
  /** `docker stop` (graceful: nginx drains, the game saves its leaderboard, unmount). */
  stopMs: number;
  /** `docker start` -> playable again (page, game.js, a welcome on /ws): the seed took 12 s with gluster01 down. */
  recoveryMs: number;
}

/** Stops and starts the asteroids container (same container, new host ports) and times its way back. */
export async function restartAsteroids(
  stack: HaStack,
  ledger: ScoreRecord[],
  timeoutMs = 120_000,
): Promise<Observed<AsteroidsRestartOutcome>> {
  return observe(stack, ledger, async () => {
    const stopMs = (await dockerStop(stack.asteroids.id, GRACE_PERIOD_S)) * 1000;
    const started = performance.now();
    await dockerStart(stack.asteroids.id);
    await stack.refreshPorts();
    await waitPlayable(stack, timeoutMs);
    return { stopMs, recoveryMs: performance.now() - started };
  });
}
