import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * JSON lines to stdout, synchronously and without transports: the server is bundled into one
 * file, and pino transports would need worker files next to it.
 */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'game-server' } }, pino.destination({ dest: 1, sync: true }));
}
