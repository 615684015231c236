import { ConfigError } from '../config/config-error.js';
import { GaError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import { exitCodeFor } from './exit-code-for.js';

/** The part of the environment that decides how an agent logs, read before anything else. */
function loggerSettingsFromEnv(name: string, env: NodeJS.ProcessEnv) {
  const debug = ['1', 'true', 'yes', 'on'].includes((env.DEBUG ?? '').toLowerCase());
  const format = env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : 'auto';
  const level = debug ? 'debug' : (env.LOG_LEVEL ?? 'info');
  const validLevel = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'].includes(level) ? level : 'info';
  return { name, level: validLevel, format } as const;
}

/**
 * Runs an agent's main function and turns its outcome into the process exit code. This is the
 * only place that calls process.exit: `main` returns an exit code or throws; a ConfigError is
 * printed as its own readable message (no stack: it is the operator's input, not a bug).
 */
export async function runAgent(name: string, main: (logger: Logger) => Promise<number>): Promise<never> {
  const logger = createLogger(loggerSettingsFromEnv(name, process.env));
  let exitCode: number;
  try {
    exitCode = await main(logger);
  } catch (error) {
    exitCode = exitCodeFor(error);
    if (error instanceof ConfigError) {
      logger.fatal({ code: error.code, problems: error.problems }, error.message);
    } else if (error instanceof GaError) {
      logger.fatal({ code: error.code, err: error }, error.message);
    } else {
      logger.fatal({ err: error }, `${name} failed unexpectedly (a bug; please report it with this log)`);
    }
  }
  logger.info({ exitCode }, `${name} exiting with code ${exitCode}`);
  process.exit(exitCode);
}
