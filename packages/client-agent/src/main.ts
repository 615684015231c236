/**
 * client-agent: entrypoint of the asteroids image (behind tini). The seed's client story with
 * real conditions instead of `ping -c 10` and sleeps: load config, mount the volume from the
 * first live peer, wait until the mount is connected to every brick that can come, install the
 * game onto it, write this container's config.js, render and check
 * nginx's config, run the game server and nginx, watch the storage, stop cleanly.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ExitCodes,
  onStopSignal,
  runAgent,
  Supervisor,
  startAgentHealth,
} from '@gluster-asteroids/agent-runtime';
import { loadClientAgentConfig } from './config.js';
import { resolvePublicHost } from './discovery/resolve-public-host.js';
import { installGame } from './game/install-game.js';
import { createLocalCheckout } from './game/local-checkout.js';
import { clientHealth } from './health/client-health.js';
import { registerClientMetrics } from './health/client-metrics.js';
import { PeerMonitor } from './peers/peer-monitor.js';
import { gameServerProgram } from './programs/game-server-program.js';
import { nginxProgram } from './programs/nginx-program.js';
import { prepareServing } from './serving/prepare-serving.js';
import { acquireMount } from './storage/acquire-mount.js';
import { readBrickConnections } from './storage/brick-connections.js';
import { serverAnswers } from './storage/brick-gate.js';
import { BrickMonitor } from './storage/brick-monitor.js';
import { isGlusterfsMounted, lazyUnmount } from './storage/glusterfs-mount.js';
import { checkMountPrivileges } from './storage/mount-privileges.js';
import { StorageWatchdog } from './storage/storage-watchdog.js';
import { logBricksWait, viewAfterWait, waitForBricks } from './storage/wait-for-bricks.js';

/** Local, per-container files: nginx config, this container's config.js, the 503 switch. */
const RUN_DIR = '/run/asteroids';
/**
 * How long the first mount waits for the brick of every answering server to listen: about the
 * client's reconnect interval (3 s), past which mounting at once and waiting for the connection
 * costs no more.
 */
const FIRST_MOUNT_BRICKS_WAIT_MS = 3_000;

await runAgent('client-agent', async (logger) => {
  const config = loadClientAgentConfig();
  logger.info(
    {
      peers: config.peers,
      volume: config.volumeName,
      mountPoint: config.mountPoint,
      documentRoot: config.documentRoot,
    },
    `mounting ${config.volumeName} from ${config.peers.join(', ')} to serve the game`,
  );
  await checkMountPrivileges();
  const supervisor = new Supervisor({ logger });
  const peers = new PeerMonitor(config.peers, 10_000);
  let watchdog: StorageWatchdog | undefined;
  let bricks: BrickMonitor | undefined;
  let writable = false;
  const stopController = new AbortController();
  onStopSignal(logger, () => stopController.abort(new Error('stopping')));

  const server = await startAgentHealth({
    port: config.healthPort,
    logger,
    supervisor,
    registerMetrics: (registry) =>
      registerClientMetrics(registry, {
        watchdog: () => watchdog,
        bricks: () => bricks,
        peers,
        writable: () => writable,
      }),
    ...clientHealth({ supervisor, watchdog: () => watchdog, bricks: () => bricks, peers, config }),
  });

  let storageDownFlag = join(RUN_DIR, 'storage-down');
  const mountOptions = {
    peers: config.peers,
    volume: config.volumeName,
    mountPoint: config.mountPoint,
    brickPort: config.brickPort,
    logger,
  };
  const readBricks = () => readBrickConnections({ mountPoint: config.mountPoint, volume: config.volumeName });
  const stopAll = async (): Promise<number> => {
    await watchdog?.stop();
    await bricks?.stop();
    await peers.stop();
    const result = await supervisor.stop();
    await lazyUnmount(config.mountPoint);
    await server.close();
    return result.exitCode;
  };

  // From the start, so /status and /metrics show which peers answer while the mount waits.
  peers.start();
  const checkout = createLocalCheckout({ repo: config.gameRepo });
  try {
    await acquireMount({
      ...mountOptions,
      deadlineMs: config.mountTimeoutMs,
      signal: stopController.signal,
      // Not mountable yet: most likely a first start, the servers are still forming the volume.
      // The game is cloned meanwhile, to be copied onto the volume if it is not there.
      onRetry: () => checkout.prepare(),
      // The bricks start ~1 s apart: mounting once all listen connects to all at once, instead
      // of at the client's reconnect ~3 s later (which waitForBricks below would sit through).
      everyBrickWaitMs: FIRST_MOUNT_BRICKS_WAIT_MS,
    });
    writable = true;
    // Nothing is written before the mount is connected to every brick that can come: at a first
    // start the second brick connects ~1 s after the first, and a game installed before that
    // lived on one brick only until the self-heal daemon copied it; its server stopped meanwhile
    // took the game with it (404/500 for ~9 s). Here only: a remount must not wait.
    const bricksWait = await waitForBricks({
      read: readBricks,
      serverAnswers: (host) => serverAnswers(host),
      maxWaitMs: config.storageBricksWaitMs,
      // A fresh mount reaches a brick that just became ready at once; nothing uses this one yet.
      // Bounded: a failed one is mended below, never installed over.
      reconnect: async () => {
        await acquireMount({ ...mountOptions, deadlineMs: 5_000, signal: stopController.signal }).catch(
          (error: unknown) => logger.warn({ err: error }, 'remounting to reach every brick failed'),
        );
      },
      signal: stopController.signal,
    });
    // Never install onto the container's own disk: a reconnect that failed left nothing mounted.
    if (!(await isGlusterfsMounted(config.mountPoint))) {
      await acquireMount({
        ...mountOptions,
        deadlineMs: config.mountTimeoutMs,
        signal: stopController.signal,
      });
    }
    logBricksWait(bricksWait, logger, config.volumeName);
    bricks = new BrickMonitor({
      read: readBricks,
      intervalMs: config.storageCheckIntervalMs,
      logger,
      initial: viewAfterWait(bricksWait),
    });
    bricks.start();
    // nginx's files are local and need only the mount (the storage-down flag goes once storage is
    // up): prepared while the game is copied onto the volume, and both end before we go on.
    const [install, serving] = await Promise.allSettled([
      installGame({ documentRoot: config.documentRoot, checkout, logger }).finally(() => checkout.dispose()),
      resolvePublicHost(config, logger).then((publicHost) =>
        prepareServing({ runDir: RUN_DIR, config, publicHost }),
      ),
    ]);
    if (install.status === 'rejected') {
      if (serving.status === 'rejected') logger.error({ err: serving.reason }, 'preparing nginx failed too');
      throw install.reason;
    }
    if (serving.status === 'rejected') throw serving.reason;
    if (install.value === 'present')
      logger.info({ documentRoot: config.documentRoot }, 'the game is already on the volume');
    const paths = serving.value;
    storageDownFlag = paths.storageDown;
    // Side by side: nginx serves the page while the game server still loads from the volume (the
    // browser client reconnects until /ws answers). Stopped in reverse: nginx, then the game.
    await Promise.all([
      supervisor.start([
        gameServerProgram({
          documentRoot: config.documentRoot,
          port: config.gameServerPort,
          leaderboardPath: join(config.mountPoint, 'asteroids', 'leaderboard.json'),
          logLevel: config.logLevel,
        }),
      ]),
      supervisor.start([nginxProgram(paths.conf, config.httpPort)]),
    ]);
  } catch (error) {
    await checkout.dispose();
    await stopAll();
    if (stopController.signal.aborted) return ExitCodes.OK;
    throw error;
  }

  watchdog = new StorageWatchdog({
    mountPoint: config.mountPoint,
    logger,
    intervalMs: config.storageCheckIntervalMs,
    checkTimeoutMs: config.storageCheckTimeoutMs,
    remount: (signal) => acquireMount({ ...mountOptions, deadlineMs: Number.POSITIVE_INFINITY, signal }),
    onDown: async () => {
      writable = false;
      await writeFile(storageDownFlag, new Date().toISOString());
    },
    onUp: async () => {
      writable = true;
      await rm(storageDownFlag, { force: true });
    },
  });
  watchdog.start();
  logger.info(
    { httpPort: config.httpPort, gameServerPort: config.gameServerPort },
    `serving the game on port ${config.httpPort} (WebSocket on /ws and on port ${config.gameServerPort})`,
  );
  await Promise.race([
    new Promise((resolve) => stopController.signal.addEventListener('abort', resolve, { once: true })),
    supervisor.done,
  ]);
  return stopAll();
});
