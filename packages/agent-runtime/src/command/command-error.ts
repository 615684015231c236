import { GaError, RuntimeErrorCodes } from '../errors.js';

/** What a finished (or failed) command produced. */
export interface CommandOutput {
  command: string;
  args: readonly string[];
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Last lines of an output, for messages: enough to see the error, not a wall of text. */
export function tailOf(text: string, lines = 5): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * What a failed command printed (stderr, else stdout, trimmed) for a message of the caller's
 * own; for an error that is not a CommandError, its text.
 */
export function commandSaid(error: unknown): string {
  return error instanceof CommandError ? (error.output.stderr || error.output.stdout).trim() : String(error);
}

function commandLine(output: Pick<CommandOutput, 'command' | 'args'>): string {
  return [output.command, ...output.args].join(' ');
}

/**
 * A command that did not succeed. `code` tells why (not found, failed, timed out, aborted);
 * `output` keeps what it printed so callers can parse the error (gluster's opErrstr) and logs
 * can show it.
 */
export class CommandError extends GaError {
  readonly output: CommandOutput;

  constructor(code: string, message: string, output: CommandOutput, options?: { cause?: unknown }) {
    super(code, message, options);
    this.output = output;
  }

  static notFound(output: CommandOutput, cause: unknown): CommandError {
    return new CommandError(
      RuntimeErrorCodes.COMMAND_NOT_FOUND,
      `Could not run \`${output.command}\`: it is not installed or not executable in this container. ` +
        'The image is incomplete; rebuild it from images/.',
      output,
      { cause },
    );
  }

  static failed(output: CommandOutput): CommandError {
    const how = output.signal ? `was killed by ${output.signal}` : `exited with code ${output.exitCode}`;
    const said = tailOf(output.stderr || output.stdout);
    return new CommandError(
      RuntimeErrorCodes.COMMAND_FAILED,
      `\`${commandLine(output)}\` ${how}${said ? `: ${said}` : ''}`,
      output,
    );
  }

  static timedOut(output: CommandOutput, timeoutMs: number): CommandError {
    return new CommandError(
      RuntimeErrorCodes.COMMAND_TIMEOUT,
      `\`${commandLine(output)}\` did not finish within ${timeoutMs} ms and was killed`,
      output,
    );
  }

  static aborted(output: CommandOutput): CommandError {
    return new CommandError(
      RuntimeErrorCodes.COMMAND_ABORTED,
      `\`${commandLine(output)}\` was cancelled (the agent is stopping)`,
      output,
    );
  }
}
