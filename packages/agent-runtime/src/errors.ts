/**
 * The error registry shared by both agents. Every error a user can meet carries a stable `code`
 * (documented in docs/errors.md; a test keeps the two in step) and a message that names the
 * input, the value and the fix. Causes are chained with `cause`, never swallowed.
 */

/** Stable codes of the errors raised by the shared runtime. */
export const RuntimeErrorCodes = {
  /** One or more environment variables are invalid; the message lists every problem. */
  CONFIG_INVALID: 'GA_CONFIG_INVALID',
  /** A command could not be started (not installed, not executable). */
  COMMAND_NOT_FOUND: 'GA_COMMAND_NOT_FOUND',
  /** A command ran and exited non-zero or was killed by a signal. */
  COMMAND_FAILED: 'GA_COMMAND_FAILED',
  /** A command did not finish within its timeout and was killed. */
  COMMAND_TIMEOUT: 'GA_COMMAND_TIMEOUT',
  /** A command was cancelled through its AbortSignal (usually because the agent is stopping). */
  COMMAND_ABORTED: 'GA_COMMAND_ABORTED',
  /** A polled condition did not become true before its deadline. */
  DEADLINE_EXCEEDED: 'GA_DEADLINE_EXCEEDED',
  /** A supervised program crashed too often within its start window and was given up on. */
  PROGRAM_FATAL: 'GA_PROGRAM_FATAL',
  /** A supervised program did not pass its readiness check in time. */
  PROGRAM_NOT_READY: 'GA_PROGRAM_NOT_READY',
  /** A program specification given to the supervisor is itself invalid (a programming error). */
  PROGRAM_SPEC_INVALID: 'GA_PROGRAM_SPEC_INVALID',
} as const;

export type RuntimeErrorCode = (typeof RuntimeErrorCodes)[keyof typeof RuntimeErrorCodes];

/**
 * Base class of every error the project raises on purpose. `code` is stable across releases;
 * `message` is for people and may improve over time.
 */
export class GaError extends Error {
  readonly code: string;
  /** The process exit code this error should end an agent with, when it ends one (see ExitCodes). */
  readonly exitsWith: number | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; exitsWith?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitsWith = options?.exitsWith;
  }
}

/** True when `error` is a GaError with the given code. */
export function hasErrorCode(error: unknown, code: string): error is GaError {
  return error instanceof GaError && error.code === code;
}

/** A short, single-line description of any thrown value, for logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
