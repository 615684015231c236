/** What one finished command produced. A non-zero exit code is a result, not an exception. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CommandRunOptions {
  /** Kill the command and reject after this many milliseconds. */
  timeoutMs: number;
  /** Abort the command early (agent shutting down). */
  signal?: AbortSignal;
}

/**
 * Runs one program with an argument array (never a shell string). Injected into `GlusterCli` so
 * tests replay captured output; the agent connects it to the shared runtime's command runner.
 */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: CommandRunOptions,
) => Promise<CommandResult>;
