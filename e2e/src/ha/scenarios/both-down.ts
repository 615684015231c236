import { pollUntil } from '../../deadline.js';
import { containerState, dockerStart, dockerStop } from '../../docker-state.js';
import { timedGet } from '../../http-gap-probe.js';
import { httpGet } from '../../http-probe.js';
import type { ScoreRecord } from '../../probes/score-writer.js';
import { type HaStack, SERVERS } from '../ha-stack.js';
import { type Observed, observe } from '../observe.js';
import { waitPlayable } from '../playable.js';
import { GRACE_PERIOD_S, waitServerReady, waitWhole } from '../server-faults.js';

/** What the "both servers down, then back" step measured. */
export interface BothDownOutcome {
  /** Both stopped -> the page answers 503 (the storage-down page). */
  first503Ms: number;
  /** Statuses of page and asset requests sampled while both are down. */
  statusesWhileDown: number[];
  /** The slowest of those answers: "quickly, no hang". */
  slowestWhileDownMs: number;
  /** The client-agent's /readyz while both are down. */
  readyz: { status: number; body: string };
  /** Both started -> playable again, without restarting the asteroids container. */
  recoveryMs: number;
  /** Both started -> both servers' agents ready (volume started, their bricks online), for context. */
  serversReadyMs: number;
  /** The asteroids container kept running (same start time, no restart) throughout. */
  asteroidsRestarted: boolean;
}

/** Page and asset requests sampled while storage is down. */
const SAMPLES_WHILE_DOWN = 10;

/**
 * Stops every server still running (the others may be down already), checks the game answers
 * 503 at once and /readyz says storage is down, starts both again and times the way back to
 * playable without touching the asteroids container; then waits until heal pending is 0.
 */
export async function bothDownAndBack(
  stack: HaStack,
  ledger: ScoreRecord[],
  timeoutMs = 120_000,
): Promise<Observed<BothDownOutcome>> {
  return observe(stack, ledger, async () => {
    const before = await containerState(stack.asteroids.id);
    await Promise.all(SERVERS.map((alias) => dockerStop(stack.serverId(alias), GRACE_PERIOD_S)));
    const stopped = performance.now();
    await pollUntil(
      async () => ((await timedGet(stack.gameUrl('/'), 5_000)).status === 503 ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
        description: 'the page to answer 503 with both servers down',
      },
    );
    const first503Ms = performance.now() - stopped;
    const samples = [];
    for (let i = 0; i < SAMPLES_WHILE_DOWN; i++) {
      samples.push(await timedGet(stack.gameUrl(i % 2 === 0 ? '/' : '/game.js'), 5_000));
    }
    const readyz = await httpGet(stack.asteroidsHealthUrl('/readyz'));

    const restarting = performance.now();
    await Promise.all(SERVERS.map((alias) => dockerStart(stack.serverId(alias))));
    const since = async (wait: Promise<unknown>) => {
      await wait;
      return performance.now() - restarting;
    };
    // Timed side by side: how much of the way back is the servers' start, how much the client's.
    const [recoveryMs, serversReadyMs] = await Promise.all([
      since(waitPlayable(stack, timeoutMs)),
      since(Promise.all(SERVERS.map((alias) => waitServerReady(stack, alias, timeoutMs)))),
    ]);
    await waitWhole(stack, timeoutMs);
    const after = await containerState(stack.asteroids.id);
    return {
      first503Ms,
      statusesWhileDown: samples.map((sample) => sample.status),
      slowestWhileDownMs: Math.max(...samples.map((sample) => sample.durationMs)),
      readyz: { status: readyz.status, body: readyz.body.slice(0, 300) },
      recoveryMs,
      serversReadyMs,
      asteroidsRestarted:
        !after.running || after.startedAt !== before.startedAt || after.restartCount !== before.restartCount,
    };
  });
}
