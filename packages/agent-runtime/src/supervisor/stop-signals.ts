import type { Logger } from 'pino';

/**
 * Calls `onStop` once on the first SIGTERM or SIGINT (docker stop, Ctrl-C). Later signals are
 * logged and ignored so a second Ctrl-C does not cut a graceful stop short; the stop has its own
 * timeouts. Returns a function that removes the handlers.
 */
export function onStopSignal(logger: Logger, onStop: (signal: NodeJS.Signals) => void): () => void {
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn(`received ${signal} while already stopping after ${received}; the stop continues`);
      return;
    }
    received = signal;
    logger.info(`received ${signal}: stopping`);
    onStop(signal);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.removeListener('SIGTERM', handler);
    process.removeListener('SIGINT', handler);
  };
}

/**
 * Calls `onReload` at every SIGHUP (`docker kill -s HUP`), which would otherwise end the agent
 * (Node's default for SIGHUP): an operator's "do it now", never a stop. Returns a function that
 * removes the handler.
 */
export function onReloadSignal(logger: Logger, onReload: () => void): () => void {
  const handler = (): void => {
    logger.info('received SIGHUP');
    onReload();
  };
  process.on('SIGHUP', handler);
  return () => process.removeListener('SIGHUP', handler);
}
