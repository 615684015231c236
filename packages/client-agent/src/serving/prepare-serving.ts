import { rm } from 'node:fs/promises';
import { runCommand } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import { renderConfigJs, writeConfigJsAtomically } from '../game/config-js.js';
import { checkNginxConfig } from '../nginx/check-nginx-config.js';
import type { NginxRunPaths } from '../nginx/nginx-paths.js';
import { writeNginxRunDir } from '../nginx/write-nginx-run-dir.js';

/** Options of {@link prepareServing}. */
export interface PrepareServingOptions {
  runDir: string;
  config: ClientAgentConfig;
  /** The public host for config.js, or '' for the page's own origin. */
  publicHost: string;
}

/**
 * Everything nginx needs on local disk before it starts: the rendered nginx.conf (checked with
 * `nginx -t`), the 503 page, and this container's own config.js. With a public host the browser
 * talks to GAME_SERVER_PORT, as in the seed (nginx serves /ws there too); without one it uses the
 * page's origin and the same-origin /ws route, which also works behind proxies and TLS terminators.
 *
 * Called once the volume is mounted, so storage is up: a storage-down flag left in the run
 * directory by this container's previous run (`docker restart` keeps /run) is removed, or nginx
 * would keep answering 503 although the game is there.
 */
export async function prepareServing(options: PrepareServingOptions): Promise<NginxRunPaths> {
  const { config, publicHost } = options;
  const paths = await writeNginxRunDir({
    httpPort: config.httpPort,
    docroot: config.documentRoot,
    runDir: options.runDir,
    // The game server listens on loopback; nginx serves GAME_SERVER_PORT too and proxies /ws.
    gameServerPort: config.gameInternalPort,
    publicGamePort: config.gameServerPort,
    wsConnectionsPerAddress: config.wsConnectionsPerAddress,
    gameCapacity: config.gameCapacity,
    user: 'www-data',
    accessLog: 'off',
  });
  await writeConfigJsAtomically(
    paths.configJs,
    renderConfigJs({ host: publicHost, port: publicHost ? config.gameServerPort : 0 }),
  );
  await rm(paths.storageDown, { force: true });
  await checkNginxConfig(paths.conf, runCommand);
  return paths;
}
