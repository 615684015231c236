import {
  type Clock,
  DeadlineError,
  describeError,
  type Logger,
  pollUntil,
  systemClock,
} from '@gluster-asteroids/agent-runtime';
import type { BrickConnection } from './brick-connections.js';
import type { BrickView } from './brick-monitor.js';

/** Options of {@link waitForBricks}. */
export interface WaitForBricksOptions {
  /** Reads the mount's brick connections (readBrickConnections, bound to the mount). */
  read: () => Promise<BrickConnection[]>;
  /** Whether a brick's server answers at all (a TCP connect to glusterd's or the brick's port). */
  serverAnswers: (host: string) => Promise<boolean>;
  /** The most a brick whose server answers is waited for. */
  maxWaitMs: number;
  /** Pause between two looks (default 100 ms: bricks connect within ~1 s of each other). */
  intervalMs?: number;
  /**
   * Looks in a row a server must be found silent before its brick is given up (default 2): one
   * lost SYN or a slow DNS answer must not be mistaken for a server that is gone.
   */
  silentLooks?: number;
  /**
   * Makes the client try the missing bricks again now: a fresh mount (nothing uses it yet). The
   * FUSE client retries a brick only every 3 s (rpc-clnt's fixed reconnect timer), and at a first
   * start it reached the second brick the moment that brick listened but before it accepted
   * clients: connection torn down, 3 s lost in most cold starts.
   */
  reconnect?: () => Promise<void>;
  /** How long a missing brick whose server answers is given before `reconnect` (default 500 ms). */
  reconnectAfterMs?: number;
  /** At most this many reconnects in one wait (default 3): a brick process that is down stays down. */
  maxReconnects?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * How the wait ended. `connected`: every brick is connected. `servers-down`: the bricks left are
 * on servers that do not answer, so waiting could not help. `gave-up`: servers answered but their
 * bricks did not connect within maxWaitMs, or the connections could not be read (`error`).
 */
export type BricksWait =
  | { outcome: 'connected'; bricks: BrickConnection[]; waitedMs: number }
  | {
      outcome: 'servers-down' | 'gave-up';
      bricks: BrickConnection[];
      /** The bricks not connected when the wait ended. */
      missing: BrickConnection[];
      waitedMs: number;
      /** Why the connections could not be read, when they could not. */
      error?: string;
    };

/** The bricks not connected; an unreadable or empty graph has no bricks to count as connected. */
function notConnected(bricks: readonly BrickConnection[]): BrickConnection[] {
  return bricks.filter((brick) => !brick.connected);
}

/**
 * Waits until the mount's FUSE client is connected to every brick of the volume, so that what is
 * written next (the game install) lands on every replica, not on one brick that the self-heal
 * daemon would have to copy before that brick's server may go. At a first start the bricks come
 * up about a second apart and the client connects to each as it comes. A brick whose server does
 * not answer (stopped, gone from DNS, hung) is not waited for; one whose server answers is waited
 * for up to `maxWaitMs`. Never throws for a brick that stays away: the caller decides what to say.
 */
export async function waitForBricks(options: WaitForBricksOptions): Promise<BricksWait> {
  const clock = options.clock ?? systemClock;
  const silentLooks = options.silentLooks ?? 2;
  const started = clock.now();
  const silentFor = new Map<string, number>();
  let lastReconnect = started;
  let reconnects = 0;
  let bricks: BrickConnection[] = [];
  let readError: string | undefined;
  let outcome: BricksWait['outcome'] = 'gave-up';
  try {
    outcome = await pollUntil<BricksWait['outcome']>(
      async () => {
        try {
          bricks = await options.read();
          readError = undefined;
        } catch (error) {
          readError = describeError(error);
          return { done: false, seen: readError };
        }
        if (bricks.length === 0) return { done: false, seen: 'the mount shows no bricks yet' };
        const missing = notConnected(bricks);
        if (missing.length === 0) return { done: true, value: 'connected' };
        const hosts = [...new Set(missing.map((brick) => brick.host))];
        // A brick without a known host cannot be probed: it is waited for, as one that answers.
        const answers = await Promise.all(hosts.map((host) => (host ? options.serverAnswers(host) : true)));
        for (const [i, host] of hosts.entries())
          silentFor.set(host, answers[i] ? 0 : (silentFor.get(host) ?? 0) + 1);
        if (hosts.every((host) => (silentFor.get(host) ?? 0) >= silentLooks))
          return { done: true, value: 'servers-down' };
        if (
          options.reconnect &&
          answers.some(Boolean) &&
          reconnects < (options.maxReconnects ?? 3) &&
          clock.now() - lastReconnect >= (options.reconnectAfterMs ?? 500)
        ) {
          lastReconnect = clock.now();
          reconnects++;
          await options.reconnect();
        }
        return { done: false, seen: `not connected: ${missing.map((brick) => brick.name).join(', ')}` };
      },
      {
        what: 'every brick to be connected',
        intervalMs: options.intervalMs ?? 100,
        timeoutMs: options.maxWaitMs,
        clock,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
  }
  const waitedMs = clock.now() - started;
  if (outcome === 'connected') return { outcome, bricks, waitedMs };
  return {
    outcome,
    bricks,
    missing: notConnected(bricks),
    waitedMs,
    ...(readError !== undefined ? { error: readError } : {}),
  };
}

/** The bricks of a wait as the brick monitor's first view. */
export function viewAfterWait(wait: BricksWait): BrickView {
  if (wait.outcome === 'gave-up' && wait.error !== undefined && wait.bricks.length === 0)
    return { state: 'unreadable', error: wait.error };
  return { state: 'read', bricks: wait.bricks };
}

/**
 * Logs how the wait ended: one info line when every brick is connected, else one warn line
 * naming the bricks the install goes ahead without, and why.
 */
export function logBricksWait(wait: BricksWait, logger: Logger, volume: string): void {
  const seconds = `${(wait.waitedMs / 1000).toFixed(1)} s`;
  if (wait.outcome === 'connected') {
    logger.info(
      { bricks: wait.bricks, waitedMs: Math.round(wait.waitedMs) },
      `every brick of ${volume} is connected (${wait.bricks.length}, after ${seconds}): writing to every replica`,
    );
    return;
  }
  if (wait.missing.length === 0) {
    logger.warn(
      { bricks: wait.bricks, waitedMs: Math.round(wait.waitedMs), err: wait.error },
      `could not tell within ${seconds} whether every brick of ${volume} is connected ` +
        `(${wait.error ?? 'the mount shows no bricks'}): going ahead; ${volume} may not be redundant ` +
        'until the self-heal daemon has copied the data to every brick',
    );
    return;
  }
  const one = wait.missing.length === 1;
  const why =
    wait.outcome === 'servers-down'
      ? `${one ? 'its server does' : 'their servers do'} not answer`
      : `not connected after ${seconds} although ${one ? 'its server answers' : 'their servers answer'}`;
  logger.warn(
    { bricks: wait.bricks, missing: wait.missing, waitedMs: Math.round(wait.waitedMs) },
    `going ahead without ${one ? 'brick' : 'bricks'} ${wait.missing.map((brick) => brick.name).join(', ')} ` +
      `(${why}): ${volume} is not redundant until the self-heal daemon has copied the data to ${one ? 'it' : 'them'}`,
  );
}
