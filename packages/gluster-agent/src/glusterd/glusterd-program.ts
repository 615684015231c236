import { type ProgramSpec, pollUntil } from '@gluster-asteroids/agent-runtime';
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
    ready: (signal) =>
      pollUntil(
        async () => {
          await options.cli.poolList({ timeoutMs: 5_000, signal });
          return true;
        },
        {
          what: 'glusterd to answer the gluster CLI',
          intervalMs: 200,
          timeoutMs: options.readyTimeoutMs,
          signal,
        },
      ),
  };
}
