import type { BackoffSettings, ExitInfo, RestartPolicy } from './types.js';

/** What to do after a program ended on its own. */
export type RestartDecision =
  | { action: 'restart'; delayMs: number; recentFailures: number }
  | { action: 'exited' }
  | { action: 'fatal'; reason: string };

/** Settings of the restart rule, with defaults filled in. */
export interface RestartRule {
  policy: RestartPolicy;
  backoff: BackoffSettings;
  startWindowMs: number;
  maxFailures: number;
}

/** True when an exit means something went wrong (non-zero code, a signal, or no start at all). */
export function isFailedExit(exit: ExitInfo): boolean {
  return exit.spawnError !== undefined || exit.signal !== undefined || exit.exitCode !== 0;
}

/** Human words for an exit: "exited with code 3", "was killed by SIGSEGV", "could not start: ...". */
export function describeExit(exit: ExitInfo): string {
  if (exit.spawnError) return `could not start: ${exit.spawnError}`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.exitCode}`;
}

/** The backoff delay before restart number `failures` (1-based) in the current window. */
export function backoffDelay(backoff: BackoffSettings, failures: number): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.factor ** exponent));
}

/**
 * Decides, without side effects, whether an exited program restarts, stays down, or is fatal.
 * `failureTimes` are the clock times of earlier failures; the caller appends this one if it
 * was a failure. For `always`, an unexpected clean exit of a daemon counts as a failure too:
 * a daemon that keeps exiting is in a loop whatever its exit code.
 */
export function decideAfterExit(
  rule: RestartRule,
  exit: ExitInfo,
  failureTimes: readonly number[],
  nowMs: number,
): RestartDecision {
  if (exit.spawnError) return { action: 'fatal', reason: describeExit(exit) };
  const failed = isFailedExit(exit);
  if (rule.policy === 'never' || (rule.policy === 'on-failure' && !failed)) {
    return failed
      ? { action: 'fatal', reason: `${describeExit(exit)} and its restart policy is "never"` }
      : { action: 'exited' };
  }
  const recentFailures = failureTimes.filter((at) => nowMs - at <= rule.startWindowMs).length;
  if (recentFailures >= rule.maxFailures) {
    return {
      action: 'fatal',
      reason: `${describeExit(exit)}; it failed ${recentFailures} times within ${Math.round(rule.startWindowMs / 1000)} s`,
    };
  }
  return { action: 'restart', delayMs: backoffDelay(rule.backoff, recentFailures), recentFailures };
}
