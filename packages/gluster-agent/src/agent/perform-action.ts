import type { Logger } from '@gluster-asteroids/agent-runtime';
import pRetry from 'p-retry';
import type { GlusterCli } from '../cli/gluster-cli.js';
import type { BootstrapAction } from '../cluster/bootstrap.js';
import { refusedByOtherCluster } from './probe-refusals.js';

/** Runs one planned step against glusterd, logging what it does and why. */
export async function performAction(
  cli: GlusterCli,
  action: BootstrapAction,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const options = signal ? { signal } : {};
  switch (action.kind) {
    case 'probe-peer': {
      // A peer whose glusterd is still starting refuses the probe for a second or two: retry
      // with a short bounded backoff here rather than wait for the next round.
      const result = await pRetry(() => cli.probe(action.host, options), {
        retries: 3,
        shouldRetry: ({ error }) => !refusedByOtherCluster(error),
        minTimeout: 250,
        factor: 2,
        maxTimeout: 1_000,
        ...(signal ? { signal } : {}),
        onFailedAttempt: ({ error, attemptNumber }) =>
          logger.debug(
            { peer: action.host, attemptNumber, err: error.message },
            `probe of ${action.host} failed; retrying`,
          ),
      });
      logger.info(
        { peer: action.host, outcome: result.outcome },
        `probed peer ${action.host}: ${result.outcome}`,
      );
      return;
    }
    case 'create-volume': {
      const { request } = action;
      const bricks = request.bricks.map((brick) => `${brick.host}:${brick.path}`);
      logger.info(
        {
          volume: request.name,
          replica: request.replica,
          arbiter: request.arbiter,
          bricks,
          force: request.force,
        },
        `creating volume ${request.name} (replica ${request.replica}${request.arbiter ? ' arbiter 1' : ''}): ${bricks.join(' ')}`,
      );
      await cli.volumeCreate(request, options);
      return;
    }
    case 'start-volume': {
      const outcome = await cli.volumeStart(action.name, { ...options, force: action.force });
      logger.info(
        { volume: action.name, force: action.force, outcome },
        `volume ${action.name} ${outcome}: ${action.reason}`,
      );
      return;
    }
    case 'set-options': {
      await cli.volumeSet(action.name, action.options, options);
      logger.info(
        {
          volume: action.name,
          options: Object.fromEntries(action.options.map(({ key, value }) => [key, value])),
          reasons: Object.fromEntries(action.options.map(({ key, reason }) => [key, reason])),
        },
        `set ${action.options.map(({ key, value }) => `${key}=${value}`).join(', ')} on volume ${action.name}`,
      );
      return;
    }
  }
}
