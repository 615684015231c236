import {
  hasErrorCode,
  type ProgramSpec,
  pollUntil,
  RuntimeErrorCodes,
} from '@gluster-asteroids/agent-runtime';
import type { GlusterCli } from '../cli/gluster-cli.js';

/** Options of {@link glusterdProgram}. */
export interface GlusterdProgramOptions {
  cli: GlusterCli;
  logLevel: string;
  /** How long glusterd may take to answer the CLI. */
  readyTimeoutMs: number;
}

/** gluster's log levels for ours (glusterd has no trace; fatal maps to CRITICAL). */
function glusterLogLevel(level: string): string {
  const map: Record<string, string> = {
    trace: 'TRACE',
    debug: 'DEBUG',
    info: 'INFO',
    warn: 'WARNING',
    error: 'ERROR',
    fatal: 'CRITICAL',
  };
  return map[level] ?? 'INFO';
}

/**
 * The first readiness call's timeout. A CLI started while glusterd is still opening its socket
 * does not fail at once: it waits for its RPC layer's 3 s reconnect timer, then fails (measured
 * 3.03-3.05 s). It hit 2 of 33 cold starts here and delayed the whole cluster by 3 s each time. A
 * healthy `pool list` answers in 30-60 ms, so a stuck call is cut short and the next one runs.
 */
const FIRST_CALL_TIMEOUT_MS = 500;
/** Timeouts double after each call that ran into one, up to this. */
const MAX_CALL_TIMEOUT_MS = 5_000;

/** Whether the CLI call was killed at its timeout (the runner's error is the cause). */
function timedOut(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (hasErrorCode(e, RuntimeErrorCodes.COMMAND_TIMEOUT)) return true;
  }
  return false;
}

/**
 * glusterd as a supervised program: in the foreground (-N) with its log on stdout, so the
 * supervisor tags its lines and sees it exit. Ready when the CLI answers a pool list: the
 * seed's `sleep 10`, replaced by the real condition (~1.5 s here).
 */
export function glusterdProgram(options: GlusterdProgramOptions): ProgramSpec {
  return {
    name: 'glusterd',
    command: 'glusterd',
    args: ['-N', '--log-file=-', `--log-level=${glusterLogLevel(options.logLevel)}`],
    restart: 'always',
    stopSignal: 'SIGTERM',
    // glusterd's cleanup_and_exit() exits with the signal number.
    cleanExitCodes: [15],
    stopTimeoutMs: 5_000,
    readyTimeoutMs: options.readyTimeoutMs,
    ready: (signal) => {
      let timeoutMs = FIRST_CALL_TIMEOUT_MS;
      return pollUntil(
        async () => {
          try {
            await options.cli.poolList({ timeoutMs, signal });
          } catch (error) {
            // Timed out: glusterd may just be slow (a loaded host), so the next call waits longer.
            if (timedOut(error)) timeoutMs = Math.min(timeoutMs * 2, MAX_CALL_TIMEOUT_MS);
            throw error;
          }
          return true;
        },
        {
          what: 'glusterd to answer the gluster CLI',
          // A refused call fails in ~30 ms; every call is a process start on a host that is busy
          // starting glusterd, so not much more often than that.
          intervalMs: 100,
          timeoutMs: options.readyTimeoutMs,
          signal,
        },
      );
    },
  };
}
