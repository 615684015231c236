/**
 * gluster-agent: entrypoint of the GlusterFS server image (behind tini). The seed's story, with
 * real conditions instead of sleeps: load config, start glusterd, wait until it answers, join
 * peers and ensure the volume, serve health, keep reconciling, stop cleanly.
 */
import {
  ExitCodes,
  onReloadSignal,
  onStopSignal,
  prepareGlusterTls,
  runAgent,
  Supervisor,
  startAgentHealth,
} from '@gluster-asteroids/agent-runtime';
import { ClusterState } from './agent/cluster-state.js';
import type { ConvergeDeps } from './agent/converge-deps.js';
import { CreatorTurn } from './agent/creator-turn.js';
import { bootstrapCluster, waitToBeProbed } from './agent/first-start.js';
import { ProbeRefusals } from './agent/probe-refusals.js';
import { ProblemGrace } from './agent/problem-grace.js';
import { Reconciler } from './agent/reconciler.js';
import { GlusterCli } from './cli/gluster-cli.js';
import { loadGlusterAgentConfig } from './config.js';
import { checkBrickXattrs } from './glusterd/brick-xattrs.js';
import { OperatorResets } from './glusterd/command-history.js';
import { stopGlusterProcesses } from './glusterd/gluster-processes.js';
import { glusterRunner } from './glusterd/gluster-runner.js';
import { glusterdProgram } from './glusterd/glusterd-program.js';
import { isOnRootFileSystem } from './glusterd/node-identity.js';
import { assertStateComplete } from './glusterd/partial-state.js';
import { removeStalePidFiles } from './glusterd/stale-pid-files.js';
import { livenessChecks, readinessChecks, readinessNotices } from './health/cluster-checks.js';
import { registerClusterMetrics } from './health/cluster-metrics.js';
import { maintenanceFrom, readNodeFlag, watchNodeFlag } from './maintenance/maintenance.js';
import { maintenanceCommand } from './maintenance/maintenance-command.js';
import { takeLostPlace } from './replacement/take-lost-place.js';
import { CertificateRenewal } from './tls/certificate-renewal.js';
import { initStackCaCommand } from './tls/init-stack-ca-command.js';
import { renewInPlace } from './tls/renew-in-place.js';
import { renewalMinute, renewalSchedule } from './tls/renewal-plan.js';
import { fileAppliedOptions } from './volume/applied-options.js';

// `docker run IMAGE init-stack-ca`: the one-shot that creates the stack's CA, then exits.
if (process.argv[2] === 'init-stack-ca') await runAgent('init-stack-ca', initStackCaCommand);
// `docker compose exec gluster01 gluster-agent maintenance on|off|status [--all] [reason]`.
if (process.argv[2] === 'maintenance')
  await runAgent('gluster-agent maintenance', (logger) => maintenanceCommand(logger, process.argv.slice(3)));

await runAgent('gluster-agent', async (logger) => {
  const config = await loadGlusterAgentConfig();
  if (config.selfWarning) logger.warn({ self: config.self, source: config.selfSource }, config.selfWarning);
  logger.info(
    {
      self: config.self,
      selfSource: config.selfSource,
      peers: config.peers,
      volume: config.volumeName,
      replica: config.replica,
      arbiter: config.arbiter,
    },
    config.peers.length > 0
      ? `joining ${config.peers.join(', ')} to serve volume ${config.volumeName}`
      : `no GLUSTER_PEER: starting glusterd and waiting to be probed for volume ${config.volumeName}`,
  );
  const cli = new GlusterCli({ run: glusterRunner() });
  const state = new ClusterState(config.self);
  const supervisor = new Supervisor({ logger });
  const deps: ConvergeDeps = {
    cli,
    config,
    state,
    logger,
    brickOnRootFs: await isOnRootFileSystem(config.brickPath),
    refusals: new ProbeRefusals(),
    creatorTurn: new CreatorTurn(),
    problemGrace: new ProblemGrace(),
    operatorResets: new OperatorResets(),
    appliedOptions: fileAppliedOptions(),
  };
  const reconciler = new Reconciler(deps, config.reconcileSchedule);
  const bootstrapAbort = new AbortController();

  let stopping = false;
  const stopped = new Promise<void>((resolve) =>
    onStopSignal(logger, () => {
      stopping = true;
      bootstrapAbort.abort();
      resolve();
    }),
  );
  // A brick needs trusted.* xattrs (CAP_SYS_ADMIN): one clear line now, not a failing create later.
  const xattrs = await checkBrickXattrs(config.brickPath);
  if (xattrs.warning) logger.warn(xattrs.warning);
  // Before glusterd reads them: pid files left by this container's previous run name pids that
  // now belong to other processes, this agent's threads included.
  await removeStalePidFiles({ logger });
  // TLS before glusterd: it reads secure-access and its certificate only when it starts.
  const prepared = await prepareGlusterTls({
    settings: config.tls,
    commonName: config.self,
    logger,
    signal: bootstrapAbort.signal,
    offNote:
      `TLS is off (GLUSTER_TLS=off): management and I/O traffic are not encrypted, and only ` +
      `${config.authAllow.join(', ')} (GLUSTER_AUTH_ALLOW) may mount the volume.`,
  });
  if (!prepared) return ExitCodes.OK; // stopped while waiting for the stack CA
  let tls = prepared;
  // Renewed in place before it expires, or at once on SIGHUP (a rotation); see certificate-renewal.ts.
  const renewal = new CertificateRenewal({
    logger,
    renewBeforeDays: config.tlsRenewBeforeDays,
    current: () => tls,
    attempt: renewInPlace({
      settings: config.tls,
      self: config.self,
      logger,
      reconciler,
      state,
      supervisor,
      current: () => tls,
    }),
    onRenewed: (renewed) => {
      tls = renewed;
    },
  });
  onReloadSignal(logger, () => renewal.request('an operator asked for it (SIGHUP)'));
  // A partial restore of /var/lib/glusterd makes glusterd exit at once, five times, then the
  // container: say which part is missing instead.
  await assertStateComplete();
  // glusterd first, the health server while it comes up: glusterd is the slower of the two and
  // everything after waits for it. Awaited below; a failure there ends the agent as before.
  const glusterdReady = supervisor.start([
    glusterdProgram({ cli, logLevel: config.logLevel, readyTimeoutMs: config.glusterdReadyTimeoutMs }),
  ]);
  glusterdReady.catch(() => undefined);
  const health = await startAgentHealth({
    port: config.healthPort,
    logger,
    supervisor,
    registerMetrics: (registry) => registerClusterMetrics(registry, state),
    liveness: livenessChecks(cli),
    readiness: readinessChecks(state),
    notices: readinessNotices(state),
    status: () => ({ ...state.snapshot, programs: supervisor.status() }),
    tls: () => (tls.mode === 'on' ? { ...tls, renewal: renewal.status } : tls),
  }).catch(async (error: unknown) => {
    await supervisor.stop(); // no glusterd left behind when the health port cannot be served
    throw error;
  });

  let stopWatchingMaintenance = (): void => undefined;
  const stopAll = async (): Promise<number> => {
    state.update({ phase: 'stopping' });
    stopWatchingMaintenance();
    await renewal.stop();
    await reconciler.stop();
    // Bricks first, so clients see closed sockets and fail over now, then glusterd.
    const bricksClean = await stopGlusterProcesses({ logger, timeoutMs: 3_000 });
    const result = await supervisor.stop();
    await health.close();
    if (result.reason === 'fatal') return result.exitCode;
    return bricksClean ? result.exitCode : ExitCodes.UNCLEAN_STOP;
  };

  await glusterdReady;
  logger.info('glusterd answers the CLI');
  // In maintenance from the start (GLUSTER_MAINTENANCE, or this node's flag kept across a
  // restart): no joining or creating; the reconcile rounds below only observe.
  const handsOff = maintenanceFrom({
    variable: config.maintenance,
    node: await readNodeFlag(),
    volumeOption: undefined,
  });
  if (handsOff.on)
    logger.warn({ maintenance: handsOff }, 'maintenance: not joining peers or creating anything');
  if (!stopping && !handsOff.on) {
    try {
      // An empty container under the name of a lost member takes its place (replacement/).
      await takeLostPlace({ config, cli, supervisor, state, logger, signal: bootstrapAbort.signal });
      if (config.peers.length > 0) await bootstrapCluster(deps, config.peerTimeoutMs, bootstrapAbort.signal);
      else await waitToBeProbed(deps, bootstrapAbort.signal);
      if (state.snapshot.phase === 'stopped') logger.warn(state.snapshot.notes.join(' '));
      else
        logger.info({ volume: config.volumeName }, `volume ${config.volumeName} is started and configured`);
    } catch (error) {
      if (!stopping) {
        await stopAll();
        throw error;
      }
    }
  }
  if (!stopping) {
    await reconciler.round();
    reconciler.start();
    // `gluster-agent maintenance on|off` is seen within a second, not at the next round.
    stopWatchingMaintenance = watchNodeFlag(() => void reconciler.round());
    const { nodeUuid, volume } = state.snapshot;
    if (tls.mode === 'on') renewal.start(renewalSchedule(renewalMinute(config.self, nodeUuid, volume)));
  }
  // Runs until a stop signal, or until glusterd is given up on (the supervisor then stops).
  await Promise.race([stopped, supervisor.done]);
  return stopAll();
});
