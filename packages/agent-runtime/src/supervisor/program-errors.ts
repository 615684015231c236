import { GaError, RuntimeErrorCodes } from '../errors.js';

function indent(lines: readonly string[]): string {
  return lines.length === 0 ? '  (it printed nothing)' : lines.map((line) => `  | ${line}`).join('\n');
}

/** A supervised program that was given up on; the agent stops everything and exits. */
export class ProgramFatalError extends GaError {
  constructor(
    readonly program: string,
    readonly reason: string,
    readonly lastLines: readonly string[],
  ) {
    super(
      RuntimeErrorCodes.PROGRAM_FATAL,
      `Program "${program}" ${reason}; giving up and stopping the container so the orchestrator ` +
        `can restart it. Its last output:\n${indent(lastLines)}`,
    );
  }
}

/** A readiness check that did not pass in time (counts as a failed start). */
export class ProgramNotReadyError extends GaError {
  constructor(
    readonly program: string,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(
      RuntimeErrorCodes.PROGRAM_NOT_READY,
      `Program "${program}" did not become ready within ${Math.round(timeoutMs / 1000)} s` +
        (cause instanceof Error ? ` (${cause.message})` : ''),
      { cause },
    );
  }
}
