import { DeadlineError, describeError, type Logger, pollUntil } from '@gluster-asteroids/agent-runtime';
import type { GlusterCli } from '../cli/gluster-cli.js';
import type { BootstrapDecision } from '../cluster/bootstrap.js';
import { decideBootstrap } from '../cluster/bootstrap.js';
import { ClusterError } from '../cluster/errors.js';
import type { GlusterAgentConfig } from '../config.js';
import { readNodeUuid } from '../glusterd/node-identity.js';
import { type AddressLookup, resolvePeers } from '../peers/resolve-peers.js';
import { clusterSpecFor } from './cluster-spec-for.js';
import type { AgentPhase, ClusterState } from './cluster-state.js';
import { observeCluster } from './observe.js';
import { performAction } from './perform-action.js';
import { type ProbeRefusals, refusedByOtherCluster } from './probe-refusals.js';

/** What one convergence round needs. */
export interface ConvergeDeps {
  cli: GlusterCli;
  config: GlusterAgentConfig;
  state: ClusterState;
  logger: Logger;
  brickOnRootFs: boolean;
  lookup?: AddressLookup;
  /** Since when peers refuse our probe, kept across rounds (see PROBE_REFUSAL_GRACE_MS). */
  refusals: ProbeRefusals;
  readUuid?: () => Promise<string | undefined>;
}

/** Conflicts and invalid specs do not go away by waiting: the agent stops and says why. */
export function isUnrecoverable(error: unknown): boolean {
  return error instanceof ClusterError && error.code !== 'GA_PEER_REJECTED';
}

function phaseOf(decision: BootstrapDecision): AgentPhase {
  if (decision.phase !== 'ready') return decision.phase;
  return decision.notes.length > 0 ? 'degraded' : 'ready';
}

/**
 * How often a node without GLUSTER_PEER looks while no volume exists: it may wait for hours, and
 * a look costs two CLI calls.
 */
const ALONE_POLL_MS = 1_000;
/**
 * How often it looks once a peer has created the volume, so it reports ready soon after the
 * volume starts rather than up to a second later. Until the volume is started a look is two
 * lock-free reads (peer status, volume info) that never hold up the peer's set and start; still,
 * each costs two CLI processes (~80 ms of CPU together), and at 150 ms they took half a core
 * from the peer's volume start and from the client mounting the volume during `compose up`.
 */
const FORMING_POLL_MS = 400;
/** The quick look lasts at most this long (a peer that stalls mid-way), then the slow one again. */
const FORMING_POLL_FOR_MS = 30_000;

/**
 * How many act-then-look passes one round makes while every step succeeds: the probe, then
 * create, set and start, each followed by a look. Bounded, so a step that succeeds without
 * changing what is observed waits for the next round instead of spinning.
 */
const PASSES_PER_ROUND = 2;

/**
 * One round: observe, decide, act. Every step is idempotent (probing a known peer, creating a
 * volume another node just created, starting a started volume), so any number of nodes may run
 * rounds at once; a failed step ends the round and the next round observes again.
 * Returns the decision, or undefined while a peer-less node waits to be probed. `observe` only
 * records; `act-and-refresh` observes again right after acting when every step succeeded, and
 * acts on that look too, up to `passes` passes.
 */
export async function convergeOnce(
  deps: ConvergeDeps,
  signal?: AbortSignal,
  mode: 'act-and-refresh' | 'observe' = 'act-and-refresh',
  passes = PASSES_PER_ROUND,
): Promise<BootstrapDecision | undefined> {
  const { cli, config, state, logger } = deps;
  const observed = await observeCluster(cli, config.volumeName, signal);
  const nodeUuid = state.snapshot.nodeUuid ?? (await (deps.readUuid ?? readNodeUuid)());
  const resolved = await resolvePeers(config.peers, deps.lookup);
  const unresolved = resolved.filter((peer) => peer.error).map((peer) => peer.error as string);
  const common = {
    observedAt: new Date().toISOString(),
    nodeUuid,
    peers: observed.peers,
    volume: observed.volume,
    bricks: observed.bricks ?? [],
  };
  // A peer that does not resolve yet stays a member by its configured name: the others are probed
  // meanwhile, and the volume waits until it too is in the pool (its probe keeps failing until then).
  const members = resolved.flatMap((peer) => (peer.hosts.length > 0 ? peer.hosts : [peer.configured]));
  const spec = clusterSpecFor(config, members, deps.brickOnRootFs, nodeUuid, observed.volume);
  if (!spec) {
    state.update({
      ...common,
      phase: 'waiting-to-be-probed',
      notes: [
        `No GLUSTER_PEER: waiting for another node to probe this one and create volume ${config.volumeName}.`,
      ],
    });
    return undefined;
  }
  const decision = decideBootstrap(spec, observed);
  state.update({ ...common, phase: phaseOf(decision), notes: [...unresolved, ...decision.notes] });
  if (decision.error && isUnrecoverable(decision.error)) throw decision.error;
  if (decision.error) logger.error({ code: decision.error.code }, decision.error.message);
  if (mode === 'observe') return decision;
  let completed = 0;
  for (const action of decision.actions) {
    try {
      await performAction(cli, action, logger, signal);
      if (action.kind === 'probe-peer') deps.refusals.accepted(action.host);
      completed++;
    } catch (error) {
      signal?.throwIfAborted();
      if (isUnrecoverable(error)) throw error;
      if (action.kind === 'probe-peer' && refusedByOtherCluster(error)) {
        deps.refusals.refused(action.host, error);
        state.update({
          notes: [...state.snapshot.notes, `Peer ${action.host} refused the probe: ${error.opErrstr}`],
        });
      }
      // Lost a race (another node created/started it first) or a peer is not there yet.
      logger.info(
        { action: action.kind, err: describeError(error) },
        `${action.kind} did not complete; observing again`,
      );
      break;
    }
  }
  // Every step done: look again so health and status show where the cluster is now, not where it
  // was before this round acted, and act on that look at once (the probe that lets the volume be
  // created, then create, set and start): no pause between steps that are ready to run.
  if (completed > 0 && completed === decision.actions.length) {
    return convergeOnce(deps, signal, passes > 1 ? 'act-and-refresh' : 'observe', passes - 1);
  }
  return decision;
}

/**
 * Converges until the volume is started and configured, polling (no fixed sleeps) until the
 * deadline; then fails with what it last saw (a peer that never answered, say).
 */
export async function bootstrapCluster(
  deps: ConvergeDeps,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  await pollUntil(
    async () => {
      const decision = await convergeOnce(deps, signal);
      if (decision && decision.actions.length === 0 && decision.phase === 'ready') return true;
      return { done: false, seen: deps.state.snapshot.notes.join(' ') || deps.state.snapshot.phase };
    },
    {
      what: `volume ${deps.config.volumeName} to be created and started with peers ${deps.config.peers.join(', ')}`,
      // Short: each round is a few CLI calls, and every one saved is start-up time.
      intervalMs: 100,
      timeoutMs,
      isFatal: isUnrecoverable,
      ...(signal ? { signal } : {}),
    },
  );
}

/**
 * A node without GLUSTER_PEER waits to be probed (no deadline: the other node may come much
 * later) until it has adopted a started volume and its brick is online, so it is ready as soon as
 * the volume is, not at the next reconcile round. It looks slowly while alone and quickly, for a
 * bounded time, once a peer has created the volume.
 */
export async function waitToBeProbed(deps: ConvergeDeps, signal?: AbortSignal): Promise<void> {
  const what = `another node to probe this one and start volume ${deps.config.volumeName}`;
  const common = { what, isFatal: isUnrecoverable, ...(signal ? { signal } : {}) };
  const serving = async (): Promise<boolean> => {
    await convergeOnce(deps, signal);
    return deps.state.snapshot.volume?.status === 'Started' && deps.state.localBrickOnline();
  };
  await pollUntil(
    async () => {
      await convergeOnce(deps, signal);
      return deps.state.snapshot.volume !== undefined;
    },
    { ...common, intervalMs: ALONE_POLL_MS, timeoutMs: Number.POSITIVE_INFINITY },
  );
  try {
    await pollUntil(serving, { ...common, intervalMs: FORMING_POLL_MS, timeoutMs: FORMING_POLL_FOR_MS });
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    await pollUntil(serving, { ...common, intervalMs: ALONE_POLL_MS, timeoutMs: Number.POSITIVE_INFINITY });
  }
}
