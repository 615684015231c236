import { execa } from 'execa';
import { CommandError, type CommandOutput } from './command-error.js';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Kill the command (SIGTERM, then SIGKILL 2 s later) when it runs longer than this. */
  timeoutMs: number;
  /** Cancels the command (same kill sequence). */
  signal?: AbortSignal;
  /** Text written to the command's stdin. */
  input?: string;
  /** Extra environment variables (added to the agent's own). */
  env?: Record<string, string>;
  cwd?: string;
  /** When false, a non-zero exit resolves instead of throwing (callers that parse failures). */
  rejectOnExitCode?: boolean;
}

/** The shape of {@link runCommand}; inject it so logic that runs CLIs is testable with fakes. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
) => Promise<CommandOutput>;

/**
 * Runs a CLI (`gluster`, `mount`, `git`, `nginx -t`) with an argument array, never a shell, and a
 * mandatory timeout. Output is captured; failures become CommandError with that output.
 */
export const runCommand: CommandRunner = async (command, args, options) => {
  const started = performance.now();
  const result = await execa(command, [...args], {
    timeout: options.timeoutMs,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    forceKillAfterDelay: 2_000,
    reject: false,
    stripFinalNewline: false,
    maxBuffer: 16 * 1024 * 1024,
  });
  const output: CommandOutput = {
    command,
    args,
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    durationMs: performance.now() - started,
  };
  if (result.timedOut) throw CommandError.timedOut(output, options.timeoutMs);
  if (result.isCanceled) throw CommandError.aborted(output);
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    // execa could not spawn it at all (ENOENT, EACCES).
    throw CommandError.notFound(output, result.cause);
  }
  if (result.failed && options.rejectOnExitCode !== false) throw CommandError.failed(output);
  return output;
};
