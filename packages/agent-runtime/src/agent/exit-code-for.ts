import { ConfigError } from '../config/config-error.js';
import { GaError } from '../errors.js';
import { ExitCodes } from '../exit-codes.js';
import { ProgramFatalError } from '../supervisor/program-errors.js';
import { DeadlineError } from '../time/poll-until.js';

/** Maps a start-up failure to the exit code that tells an operator where to look. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof GaError && error.exitsWith !== undefined) return error.exitsWith;
  if (error instanceof ConfigError) return ExitCodes.CONFIG;
  if (error instanceof ProgramFatalError) return ExitCodes.CHILD_FATAL;
  if (error instanceof DeadlineError) return ExitCodes.UNAVAILABLE;
  return ExitCodes.SOFTWARE;
}
