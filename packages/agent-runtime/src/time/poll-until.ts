import { GaError, RuntimeErrorCodes } from '../errors.js';
import { type Clock, systemClock } from './clock.js';

/** Options of {@link pollUntil}. */
export interface PollOptions {
  /** What is being waited for, in words, for the deadline error ("glusterd to answer the CLI"). */
  what: string;
  /** Delay between two attempts, in ms. */
  intervalMs: number;
  /** Overall deadline, in ms from the first attempt. */
  timeoutMs: number;
  /** Aborts the wait (the agent is stopping). */
  signal?: AbortSignal;
  clock?: Clock;
  /** Errors for which waiting longer cannot help (a conflict, bad input): rethrown at once. */
  isFatal?: (error: unknown) => boolean;
  /** Called after each failed attempt with the attempt number and what it saw. */
  onAttempt?: (attempt: number, lastResult: string | undefined) => void;
}

/**
 * The outcome of one attempt: done with a value, or not yet with a short description of what was
 * seen (it ends up in the deadline error). A plain boolean works for checks without a value.
 */
export type PollResult<T> = { done: true; value: T } | { done: false; seen?: string };

export class DeadlineError extends GaError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastSeen: string | undefined,
  ) {
    super(
      RuntimeErrorCodes.DEADLINE_EXCEEDED,
      `Gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s` +
        (lastSeen ? ` (last seen: ${lastSeen})` : ''),
    );
  }
}

/**
 * Polls a real condition until it holds or the deadline passes: the replacement for the seed's
 * fixed `sleep 10`. The check's own exceptions count as "not yet" (their message becomes what
 * was seen) because what we poll is usually a daemon that is still starting.
 */
export async function pollUntil<T = void>(
  check: (signal: AbortSignal | undefined) => Promise<PollResult<T> | boolean>,
  options: PollOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.timeoutMs;
  let lastSeen: string | undefined;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const result = await check(options.signal);
      if (result === true) return undefined as T;
      if (typeof result === 'object' && result.done) return result.value;
      if (typeof result === 'object') lastSeen = result.seen;
    } catch (error) {
      options.signal?.throwIfAborted();
      if (options.isFatal?.(error)) throw error;
      lastSeen = error instanceof Error ? error.message : String(error);
    }
    options.onAttempt?.(attempt, lastSeen);
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new DeadlineError(options.what, options.timeoutMs, lastSeen);
    await clock.sleep(Math.min(options.intervalMs, remaining), options.signal);
  }
}
