import { setTimeout as delay } from 'node:timers/promises';
import { waitBricksConnected } from '../../fuse-client.js';
import type { ScoreRecord } from '../../probes/score-writer.js';
import { type HaStack, SERVERS, type ServerAlias, VOLUME } from '../ha-stack.js';
import { type Observed, observe } from '../observe.js';
import { playableWithin } from '../playable.js';
import { type Fault, waitWhole } from '../server-faults.js';
import { waitHealed } from '../volume-health.js';

/** Options of `faultStep`. */
export interface FaultStepOptions {
  fault: Fault;
  alias: ServerAlias;
  /** How long the fault lasts before it is repaired (or the step ends). */
  holdMs: number;
  /** Repair it and wait until the stack is whole (default true); false leaves the server down. */
  repair?: boolean;
  /** Deadline of the wait for the stack to be whole again (default 120 s). */
  wholeTimeoutMs?: number;
}

/** What a fault step measured besides the probes. */
export interface FaultStepOutcome {
  /** How long injecting the fault took (a graceful stop waits for the agent). */
  injectMs: number;
  /** A new player could play at the end of the hold, with the fault in place. */
  playableDuringFault: boolean;
  /** Why not, when not (the last try's problem). */
  notPlayable?: string;
  /** Repair -> both servers ready, clients on both bricks, heal pending 0; null without repair or when it never came. */
  recoveryMs: number | null;
  /** Why the stack did not become whole again after the repair, if it did not. */
  notWhole?: string;
}

/** Quiet time before the fault, so each probe has a baseline of successes. */
const SETTLE_MS = 1_000;
/** How long a new player may take to get in at the end of the hold (tries every 500 ms). */
const PLAYABLE_WITHIN_MS = 5_000;

/**
 * One failure of one server under the probes: settle, inject, hold (then check a new player can
 * still play), repair, and wait until the stack is whole again (heal pending 0).
 */
export async function faultStep(
  stack: HaStack,
  ledger: ScoreRecord[],
  options: FaultStepOptions,
): Promise<Observed<FaultStepOutcome>> {
  // A client that is not on both bricks before the fault would make the step measure nothing
  // (pausing a server it does not use stalls nothing): that is a failure of the step before.
  await Promise.all(
    [stack.asteroids.container, stack.writerClient].map((client) =>
      waitBricksConnected(client, SERVERS, 30_000),
    ),
  );
  // Nor may one start while a heal is pending: a server lost now would take copies with it that
  // the other lacks, and later scenarios would count a step's leftovers as this one's loss.
  await waitHealed(
    SERVERS.map((alias) => stack.cluster.node(alias)),
    VOLUME,
    120_000,
  );
  return observe(stack, ledger, async () => {
    await delay(SETTLE_MS);
    const injected = performance.now();
    await options.fault.inject(stack, options.alias);
    const injectMs = performance.now() - injected;
    await delay(Math.max(0, options.holdMs - injectMs));
    const notPlayable = await playableWithin(stack, PLAYABLE_WITHIN_MS);
    const playable = {
      playableDuringFault: notPlayable === undefined,
      ...(notPlayable === undefined ? {} : { notPlayable }),
    };
    if (options.repair === false) return { injectMs, ...playable, recoveryMs: null };
    const repaired = performance.now();
    await options.fault.repair(stack, options.alias);
    // A stack that does not become whole is a result to report with the probes' figures, not a throw.
    const notWhole = await waitWhole(stack, options.wholeTimeoutMs ?? 120_000).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    return {
      injectMs,
      ...playable,
      recoveryMs: notWhole === undefined ? performance.now() - repaired : null,
      ...(notWhole === undefined ? {} : { notWhole }),
    };
  });
}
