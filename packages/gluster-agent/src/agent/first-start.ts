import { DeadlineError, describeError, pollUntil, systemClock } from '@gluster-asteroids/agent-runtime';
import { convergeOnce } from './converge.js';
import { type ConvergeDeps, isUnrecoverable } from './converge-deps.js';

/**
 * How often a node without GLUSTER_PEER looks while no volume exists: it may wait for hours, and
 * a look costs two CLI calls.
 */
const ALONE_POLL_MS = 1_000;
/**
 * How often it looks once a peer has created the volume, so it reports ready soon after the
 * volume starts rather than up to a second later. Until the volume is started a look is two
 * lock-free reads (peer status, volume info) that never hold up the peer's set and start; still,
 * each costs two CLI processes (~80 ms of CPU together), and at 150 ms they took half a core
 * from the peer's volume start and from the client mounting the volume during `compose up`.
 */
const FORMING_POLL_MS = 400;
/** The quick look lasts at most this long (a peer that stalls mid-way), then the slow one again. */
const FORMING_POLL_FOR_MS = 30_000;

/** Bootstrap looks every 100 ms while steps succeed or it waits; a failing step backs off to 5 s. */
const BOOTSTRAP_POLL_MS = 100;
const BOOTSTRAP_MAX_BACKOFF_MS = 5_000;

/**
 * Converges until the volume is started and configured (or stopped by an operator), for as long
 * as an operator must act (blocked), looking every
 * 100 ms while it waits and backing off to 5 s while a step keeps failing; after the deadline it
 * fails with what it last saw and the last gluster error.
 */
export async function bootstrapCluster(
  deps: ConvergeDeps,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  let deadline = clock.now() + timeoutMs;
  let delayMs = BOOTSTRAP_POLL_MS;
  let lastFailure: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    let failure: string | undefined;
    try {
      const decision = await convergeOnce(deps, signal, { mayCreate: true });
      const settled = decision?.phase === 'ready' || decision?.phase === 'stopped';
      if (decision && settled && decision.actions.length === 0) return;
      // Blocked waits for an operator, not for peers: stay up and say so, rather than exit at the
      // peer deadline into a restart loop.
      if (decision?.phase === 'blocked') deadline = clock.now() + timeoutMs;
      failure = decision?.failure;
    } catch (error) {
      signal?.throwIfAborted();
      if (isUnrecoverable(error)) throw error;
      failure = describeError(error);
    }
    lastFailure = failure ?? lastFailure;
    delayMs = failure ? Math.min(delayMs * 2, BOOTSTRAP_MAX_BACKOFF_MS) : BOOTSTRAP_POLL_MS;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const { notes, phase } = deps.state.snapshot;
      const seen = [notes.join(' ') || phase, lastFailure && `last gluster error: ${lastFailure}`];
      throw new DeadlineError(
        `volume ${deps.config.volumeName} to be created and started with peers ${deps.config.peers.join(', ')}`,
        timeoutMs,
        seen.filter(Boolean).join('; '),
      );
    }
    await clock.sleep(Math.min(delayMs, remaining), signal);
  }
}

/**
 * A node without GLUSTER_PEER waits to be probed (no deadline: the other node may come much
 * later) until it has adopted a started volume and its brick is online, so it is ready as soon as
 * the volume is, not at the next reconcile round. It looks slowly while alone and quickly, for a
 * bounded time, once a peer has created the volume.
 */
export async function waitToBeProbed(deps: ConvergeDeps, signal?: AbortSignal): Promise<void> {
  const what = `another node to probe this one and start volume ${deps.config.volumeName}`;
  const common = { what, isFatal: isUnrecoverable, ...(signal ? { signal } : {}) };
  const round = () => convergeOnce(deps, signal, { mayCreate: false });
  const serving = async (): Promise<boolean> => {
    await round();
    const { volume, phase } = deps.state.snapshot;
    return phase === 'stopped' || (volume?.status === 'Started' && deps.state.localBrickOnline());
  };
  await pollUntil(
    async () => {
      await round();
      return deps.state.snapshot.volume !== undefined;
    },
    { ...common, intervalMs: ALONE_POLL_MS, timeoutMs: Number.POSITIVE_INFINITY },
  );
  try {
    await pollUntil(serving, { ...common, intervalMs: FORMING_POLL_MS, timeoutMs: FORMING_POLL_FOR_MS });
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    await pollUntil(serving, { ...common, intervalMs: ALONE_POLL_MS, timeoutMs: Number.POSITIVE_INFINITY });
  }
}
