import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGameServer } from './app.js';
import { loadConfig } from './config.js';
import { isGameError } from './errors.js';
import { createLogger } from './logger.js';

/** Exit status for a configuration error, apart from crashes (1). */
const EXIT_CONFIG = 2;

// In the bundle the client sits next to the server: <bundle>/server/server.js, <bundle>/client/.
const bundledClient = join(dirname(fileURLToPath(import.meta.url)), '..', 'client');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.argv.slice(2), process.env, existsSync(bundledClient) ? bundledClient : '');
} catch (e) {
  if (!isGameError(e, 'GAME_ERR_CONFIG')) throw e;
  process.stderr.write(`game-server: ${e.message}\n`);
  process.exit(EXIT_CONFIG);
}

const logger = createLogger(config.logLevel);
const server = createGameServer(config, { logger });

async function shutdown(signal: string): Promise<void> {
  logger.info({ signal, graceS: config.shutdownGraceS }, 'stopping');
  // If persisting hangs (storage gone), still leave within the grace period the runtime gives us.
  const guard = setTimeout(() => {
    logger.error('grace period over, exiting with work unfinished');
    process.exit(1);
  }, config.shutdownGraceS * 1000).unref();
  await server.stop(config.shutdownGraceS * 1000 - 500);
  clearTimeout(guard);
  logger.info('stopped');
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

const port = await server.start();
logger.info(
  { port, host: config.host, tickHz: config.tickHz, staticDir: config.staticDir || null },
  'listening',
);
