import { pollUntil as pollCondition } from '@gluster-asteroids/agent-runtime';

/** Options of `pollUntil`: every wait in the container tests has a deadline. */
export interface PollOptions {
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** What is awaited, for the error message ("gluster01 /readyz 200"). */
  description: string;
}

/**
 * Calls `attempt` until it returns a value other than `undefined`, or throws once the deadline
 * passes, quoting the last thing seen (or error) so a failed wait says what was observed. The
 * runtime's pollUntil with the shape the container tests read best.
 */
export function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 250, description }: PollOptions,
): Promise<T> {
  return pollCondition(
    async () => {
      const value = await attempt();
      return value === undefined ? { done: false, seen: 'condition not met' } : { done: true, value };
    },
    { what: description, intervalMs, timeoutMs },
  );
}
