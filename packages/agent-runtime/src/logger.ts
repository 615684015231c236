import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** How log lines are written: JSON for machines (the default in containers), pretty for people. */
export type LogFormat = 'json' | 'pretty' | 'auto';

/** Options of {@link createLogger}. */
export interface LoggerSettings {
  /** Component name, the `name` field of every line ("gluster-agent"). */
  name: string;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  level?: string;
  /** `auto` (default) writes pretty lines when stdout is a TTY and JSON otherwise. */
  format?: LogFormat;
  /** Where lines go; stdout when absent. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

/**
 * The one way the project makes loggers. Pretty printing runs in-process (a stream, not a pino
 * transport) so that agents bundled into a single file need no worker threads.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? 'info',
    // ISO time: people reading `docker logs` across containers compare wall-clock times.
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const format = settings.format ?? 'auto';
  const wantsPretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (settings.destination) return pino(options, settings.destination);
  if (wantsPretty) return pino(options, pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l' }));
  return pino(options, pino.destination({ dest: 1, sync: true }));
}
