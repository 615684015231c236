import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGameServer } from './app.js';
import { loadConfig } from './config.js';
import { isGameError } from './errors.js';
import { createLogger } from './logger.js';
import { exitProcess } from './process-exit.js';
import { WorkerSimulation } from './simulation/worker-simulation.js';

/** Exit status for a configuration error, apart from crashes and a failed simulation (1). */
const EXIT_CONFIG = 2;
const EXIT_FAILED = 1;

/**
 * The simulation thread's code (src/server/simulation/worker-main.ts, bundled), which
 * scripts/build-bundle.ts puts here as a string: the bundle is one file.
 */
declare const SIMULATION_WORKER_SOURCE: string;

/** The main thread: sockets, sessions, leaderboard, HTTP; the simulation runs in its worker. */
async function serve(): Promise<void> {
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
  const graceMs = config.shutdownGraceS * 1000;
  const server = createGameServer(config, {
    logger,
    simulation: (settings) => new WorkerSimulation({ source: SIMULATION_WORKER_SOURCE }, settings),
  });

  async function shutdown(signal: string): Promise<void> {
    logger.info({ signal, graceS: config.shutdownGraceS }, 'stopping');
    // If persisting hangs (storage gone), still leave within the grace period the runtime gives us.
    const guard = setTimeout(() => {
      logger.error('grace period over, exiting with work unfinished');
      void exitProcess(EXIT_FAILED, server.lane, logger);
    }, graceMs).unref();
    await server.stop(graceMs - 500);
    clearTimeout(guard);
    logger.info('stopped');
    await exitProcess(0, server.lane, logger);
  }

  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // Never serve with a dead simulation: disconnect, keep the scores written so far, and exit
  // non-zero for the supervisor (the client-agent) to start a fresh process. Already logged.
  void server.failed.then(async () => {
    setTimeout(() => void exitProcess(EXIT_FAILED, server.lane, logger), graceMs).unref();
    await server.stop(graceMs - 500);
    await exitProcess(EXIT_FAILED, server.lane, logger);
  });

  try {
    const port = await server.start();
    logger.info(
      {
        port,
        host: config.host,
        tickHz: config.tickHz,
        maxConnections: config.maxConnections,
        staticDir: config.staticDir || null,
      },
      'listening',
    );
  } catch (e) {
    if (!isGameError(e, 'GAME_ERR_SIMULATION_START')) throw e;
    logger.fatal({ err: e }, e.message);
    await exitProcess(EXIT_FAILED, server.lane, logger);
  }
}

await serve();
