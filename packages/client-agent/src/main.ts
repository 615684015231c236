/**
 * client-agent: entrypoint of the asteroids image (behind tini). The seed's client story with
 * real conditions instead of `ping -c 10` and sleeps: load config, mount the volume from the
 * first live peer (connected to every brick that can come), install this image's game onto it,
 * write this container's config.js and nginx's config, run nginx and the game server, watch the
 * storage, stop cleanly.
 */

import { hostname } from 'node:os';
import {
  ExitCodes,
  onReloadSignal,
  onStopSignal,
  prepareGlusterTls,
  runAgent,
  Supervisor,
  startAgentHealth,
} from '@gluster-asteroids/agent-runtime';
import { loadClientAgentConfig } from './config.js';
import { createLocalCheckout } from './game/local-checkout.js';
import { clientHealth } from './health/client-health.js';
import { registerClientMetrics } from './health/client-metrics.js';
import { gameMetricsOver } from './health/game-server-metrics.js';
import { WsRefusals } from './nginx/ws-refusals.js';
import { PeerMonitor } from './peers/peer-monitor.js';
import { startGamePrograms } from './programs/start-game-programs.js';
import { installAndPrepare, type ReadyToServe } from './serving/install-and-prepare.js';
import { checkMountPrivileges } from './storage/mount-privileges.js';
import { ServedVolume } from './storage/served-volume.js';

/**
 * Why a SIGHUP renews nothing here. Every member holds the stack CA's key to issue itself a
 * certificate, so a member certificate's lifetime is no security boundary; the CA's is. A
 * server renews its own in place (a brick restart its peers cover); this container's is valid
 * until the CA expires and is issued anew at every start.
 */
const CLIENT_CERTIFICATE_NOTE =
  "SIGHUP: nothing to renew here; this container's certificate is valid as long as the stack CA and is " +
  'issued anew at every start (restart the container to rotate it; servers renew theirs on SIGHUP)';

/** Local, per-container files: nginx config, this container's config.js, the 503 switch. */
const RUN_DIR = '/run/asteroids';

await runAgent('client-agent', async (logger) => {
  const config = loadClientAgentConfig();
  logger.info(
    { peers: config.peers, volume: config.volumeName, mountPoint: config.mountPoint },
    `mounting ${config.volumeName} from ${config.peers.join(', ')} to serve the game`,
  );
  await checkMountPrivileges();
  const supervisor = new Supervisor({ logger });
  const peers = new PeerMonitor(config.peers, 10_000);
  const volume = new ServedVolume(config, logger);
  const stopping = new AbortController();
  const wsRefusals = new WsRefusals();
  onStopSignal(logger, () => stopping.abort(new Error('stopping')));
  onReloadSignal(logger, () => logger.info(CLIENT_CERTIFICATE_NOTE));
  // Before the first mount: the FUSE client reads secure-access and its certificate when it starts.
  const tls = await prepareGlusterTls({
    settings: config.tls,
    commonName: hostname(),
    // The FUSE client loads it once per connection it makes, and a remount would interrupt
    // serving: it lives as long as the stack CA (see CLIENT_CERTIFICATE_NOTE).
    certificateDays: Number.POSITIVE_INFINITY,
    logger,
    signal: stopping.signal,
    offNote:
      'TLS is off (GLUSTER_TLS=off): this container mounts without a certificate; the servers must be off too ' +
      'and list its address in GLUSTER_AUTH_ALLOW.',
  });
  if (!tls) return ExitCodes.OK; // stopped while waiting for the stack CA

  const health = await startAgentHealth({
    port: config.healthPort,
    logger,
    supervisor,
    tls: () => tls,
    registerMetrics: (registry) =>
      registerClientMetrics(registry, {
        watchdog: () => volume.watchdog,
        bricks: () => volume.bricks,
        peers,
        writable: () => volume.writable,
        wsRefusals,
        gameMetrics: gameMetricsOver(config.gameInternalPort),
      }),
    ...clientHealth({
      supervisor,
      watchdog: () => volume.watchdog,
      bricks: () => volume.bricks,
      writes: () => volume.writes,
      peers,
      config,
    }),
  });
  // Programs before the unmount (they use the volume), the health server last (it says so).
  const stopAll = async (): Promise<number> => {
    await volume.stop();
    await peers.stop();
    const result = await supervisor.stop();
    await volume.unmount();
    await health.close();
    return result.exitCode;
  };

  // From the start, so /status and /metrics show which peers answer while the mount waits.
  peers.start();
  const checkout = createLocalCheckout({ repo: config.gameRepo, logger });
  let ready: ReadyToServe;
  try {
    // Not mountable yet: most likely a first start, the servers are still forming the volume.
    // The game is cloned meanwhile, to be copied onto the volume if its version is not there.
    await volume.mount(stopping.signal, () => checkout.prepare());
    ready = await installAndPrepare({ config, checkout, runDir: RUN_DIR, logger });
    // Renewed while mounted until the agent stops: no other container's install prunes it.
    ready.game.lease?.start(stopping.signal, () => volume.isMounted());
    await startGamePrograms(supervisor, config, ready, wsRefusals);
  } catch (error) {
    await checkout.dispose();
    await stopAll();
    if (stopping.signal.aborted) return ExitCodes.OK;
    throw error;
  }

  volume.watch(ready.nginx.storageDown);
  logger.info(
    { httpPort: config.httpPort, gameServerPort: config.gameServerPort, version: ready.game.version },
    `serving the game on ports ${config.httpPort} and ${config.gameServerPort} (WebSocket on /ws)`,
  );
  await Promise.race([
    new Promise((resolve) => stopping.signal.addEventListener('abort', resolve, { once: true })),
    supervisor.done,
  ]);
  return stopAll();
});
