import type { Logger } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import { resolvePublicHost } from '../discovery/resolve-public-host.js';
import { installGame } from '../game/install-game.js';
import type { InstalledGame } from '../game/installed-game.js';
import { prepareLeaderboardDir } from '../game/leaderboard-dir.js';
import type { LocalCheckout } from '../game/local-checkout.js';
import type { NginxRunPaths } from '../nginx/nginx-paths.js';
import { GAME_USER } from '../programs/game-user.js';
import { prepareServing } from './prepare-serving.js';

/** What the programs start from: the game (on the volume and on local disk) and nginx's files. */
export interface ReadyToServe {
  game: InstalledGame;
  nginx: NginxRunPaths;
  /** The leaderboard file on the volume, in the directory the game user owns. */
  leaderboard: string;
}

/**
 * Installs this image's game onto the mounted volume, then gives the leaderboard's directory to
 * the game user, while nginx's files are prepared on local disk (they need only the mount: the
 * storage-down flag goes once storage is up); both end before this returns, and the first
 * failure is thrown (the other, if any, is logged).
 */
export async function installAndPrepare(options: {
  config: ClientAgentConfig;
  checkout: LocalCheckout;
  runDir: string;
  logger: Logger;
}): Promise<ReadyToServe> {
  const { config, checkout, logger } = options;
  const [game, nginx] = await Promise.allSettled([
    // The clone is deleted in the background: nothing waits for those ~10-20 ms of rm.
    installGame({ config, checkout, logger })
      .finally(() => void checkout.dispose())
      .then(async (installed) => ({
        installed,
        leaderboard: await prepareLeaderboardDir(config.mountPoint, GAME_USER, logger),
      })),
    resolvePublicHost(config, logger).then((publicHost) =>
      prepareServing({ runDir: options.runDir, config, publicHost }),
    ),
  ]);
  if (game.status === 'rejected') {
    if (nginx.status === 'rejected') logger.error({ err: nginx.reason }, 'preparing nginx failed too');
    throw game.reason;
  }
  if (nginx.status === 'rejected') throw nginx.reason;
  return { game: game.value.installed, leaderboard: game.value.leaderboard, nginx: nginx.value };
}
