import {
  type Clock,
  DeadlineError,
  describeError,
  type Logger,
  pollUntil,
  systemClock,
} from '@gluster-asteroids/agent-runtime';
import { GlusterCliError, type GlusterOpFailure } from '../cli/errors.js';
import type { GlusterCli } from '../cli/gluster-cli.js';
import type { BootstrapDecision, ClusterObservation } from '../cluster/bootstrap.js';
import { decideBootstrap } from '../cluster/bootstrap.js';
import { ClusterError, WAITING_CLUSTER_ERRORS } from '../cluster/errors.js';
import type { ClusterSpec } from '../cluster/spec.js';
import { brickOrphanedError } from '../cluster/volume-creation.js';
import type { GlusterAgentConfig } from '../config.js';
import { type OperatorResets, type ResetStart, resetStarts } from '../glusterd/command-history.js';
import { type LocalBrick, readLocalBrick } from '../glusterd/local-brick.js';
import { readNodeUuid } from '../glusterd/node-identity.js';
import { containerAddresses } from '../identity/node-name.js';
import { type AddressLookup, resolvePeers } from '../peers/resolve-peers.js';
import type { AppliedOptionsStore } from '../volume/applied-options.js';
import { clusterSpecFor } from './cluster-spec-for.js';
import type { AgentPhase, ClusterState } from './cluster-state.js';
import type { CreatorTurn } from './creator-turn.js';
import { nodeKeys } from './node-keys.js';
import { observeCluster } from './observe.js';
import { performAction } from './perform-action.js';
import { type ProbeRefusals, refusedByOtherCluster } from './probe-refusals.js';
import type { ProblemGrace } from './problem-grace.js';

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
  /** Since when problems that may clear up by themselves have lasted, kept across rounds. */
  problemGrace: Pick<ProblemGrace, 'lasted' | 'keepOnly'>;
  /** Whether this node may create the volume yet, kept across rounds. */
  creatorTurn: Pick<CreatorTurn, 'mayCreate' | 'observe'>;
  /** The option values this node applied, kept in its state directory. */
  appliedOptions: AppliedOptionsStore;
  readUuid?: () => Promise<string | undefined>;
  /** This node's brick directory on disk (default: config.brickPath through getfattr). */
  readLocalBrick?: () => Promise<LocalBrick>;
  /** Operators' uncommitted `reset-brick ... start`s on this node (default: glusterd's command history). */
  resetStarts?: () => Promise<readonly ResetStart[]>;
  /** Which of those resets are still in progress, kept across rounds. */
  operatorResets: Pick<OperatorResets, 'inProgress'>;
  /** This container's addresses, so it knows itself under any of them. */
  ownAddresses?: () => readonly string[];
  clock?: Clock;
}

/** A round's decision, with the gluster error that stopped its steps, if one did. */
export type RoundResult = BootstrapDecision & { failure?: string };

/** How a round may act: bootstrap may create the volume, reconcile rounds never do. */
export interface RoundOptions {
  mayCreate: boolean;
  /** `observe` only records; `act-and-refresh` acts and looks again after each successful pass. */
  mode?: 'act-and-refresh' | 'observe';
}

/** Conflicts and invalid specs do not go away by waiting: the agent stops and says why. */
export function isUnrecoverable(error: unknown): boolean {
  return error instanceof ClusterError && !WAITING_CLUSTER_ERRORS.has(error.code);
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

/** Bootstrap looks every 100 ms while steps succeed or it waits; a failing step backs off to 5 s. */
const BOOTSTRAP_POLL_MS = 100;
const BOOTSTRAP_MAX_BACKOFF_MS = 5_000;

/** Step failures that are part of nodes starting together: logged at info, not as warnings. */
const ROUTINE_FAILURES: ReadonlySet<GlusterOpFailure> = new Set([
  'busy',
  'volume-exists',
  'volume-already-started',
  'probe-failed',
]);

/** One look at the cluster, and the spec this node converges to (none while waiting to be probed). */
interface Look {
  observed: ClusterObservation;
  spec: ClusterSpec | undefined;
  nodeUuid: string | undefined;
  unresolved: string[];
}

async function look(deps: ConvergeDeps, signal: AbortSignal | undefined): Promise<Look> {
  const { cli, config, state } = deps;
  const [observed, localBrick, nodeUuid, resolved] = await Promise.all([
    observeCluster(cli, config.volumeName, signal),
    (deps.readLocalBrick ?? (() => readLocalBrick(config.brickPath)))(),
    state.snapshot.nodeUuid ? Promise.resolve(state.snapshot.nodeUuid) : (deps.readUuid ?? readNodeUuid)(),
    resolvePeers(config.peers, deps.lookup),
  ]);
  // After `volume status`: a brick seen stopped there was reset, if at all, before this read.
  const starts = await (deps.resetStarts ?? (() => resetStarts(config.volumeName)))();
  const running = (brick: string) =>
    (observed.bricks ?? []).some((b) => `${b.host}:${b.path}` === brick && b.online);
  const resetting = deps.operatorResets.inProgress(starts, running);
  const own = new Set((deps.ownAddresses ?? containerAddresses)());
  // A peer that does not resolve yet stays a member by its configured name: the others are probed
  // meanwhile, and the volume waits until it too is in the pool (its probe keeps failing until then).
  // A configured peer that resolves to this container is this node under another name.
  const members = resolved
    .filter((peer) => !peer.addresses.some((address) => own.has(address)))
    .flatMap((peer) => (peer.hosts.length > 0 ? peer.hosts : [peer.configured]));
  return {
    observed: { ...observed, localBrick, bricksBeingReset: resetting },
    spec: clusterSpecFor(config, members, deps.brickOnRootFs, nodeUuid, observed.volume),
    nodeUuid,
    unresolved: resolved.filter((peer) => peer.error).map((peer) => peer.error as string),
  };
}

/**
 * One round: observe, decide, act, and look again after each pass whose steps all succeeded, up
 * to PASSES_PER_ROUND passes. Every step is idempotent (probing a known peer, starting a started
 * volume), so any number of nodes may run rounds at once; a failed step ends the round, is logged
 * with gluster's own words, and the next round observes again. Returns the decision, or undefined
 * while a node without GLUSTER_PEER waits to be probed.
 */
export async function convergeOnce(
  deps: ConvergeDeps,
  signal: AbortSignal | undefined,
  options: RoundOptions,
): Promise<RoundResult | undefined> {
  const passes = options.mode === 'observe' ? 0 : PASSES_PER_ROUND;
  for (let pass = 0; ; pass++) {
    const seen = await look(deps, signal);
    const decision = seen.spec ? await decide(deps, seen, seen.spec, options) : undefined;
    record(deps, seen, decision);
    if (!decision || pass >= passes) return decision;
    const outcome = await runActions(deps, decision, signal);
    await rememberOptions(deps, seen.observed, decision, outcome.optionsSet);
    if (outcome.failure !== undefined) return { ...decision, failure: outcome.failure };
    if (outcome.completed === 0) return decision;
  }
}

async function decide(
  deps: ConvergeDeps,
  seen: Look,
  spec: ClusterSpec,
  options: RoundOptions,
): Promise<BootstrapDecision> {
  const { volume } = seen.observed;
  const decision = decideBootstrap(spec, seen.observed, {
    mayCreate: options.mayCreate && deps.creatorTurn.mayCreate(spec),
    appliedOptions: volume ? await deps.appliedOptions.load(volume.id) : {},
    nodeKeyOf: nodeKeys(
      [spec.self, deps.config.self, ...(deps.ownAddresses ?? containerAddresses)()],
      seen.nodeUuid,
      seen.observed.peers,
    ),
  });
  deps.creatorTurn.observe(decision.poolComplete && !volume);
  if (decision.error && isUnrecoverable(decision.error)) throw decision.error;
  return decision;
}

/** Health, status and metrics read what this look saw; a new operator-facing error is logged once. */
function record(deps: ConvergeDeps, seen: Look, decision: BootstrapDecision | undefined): void {
  const { state, config, logger } = deps;
  const common = {
    observedAt: new Date().toISOString(),
    nodeUuid: seen.nodeUuid,
    peers: seen.observed.peers,
    volume: seen.observed.volume,
    bricks: seen.observed.bricks ?? [],
  };
  let error = decision?.error;
  let phase: AgentPhase = decision ? phaseOf(decision) : 'waiting-to-be-probed';
  let notes = decision
    ? [...seen.unresolved, ...decision.notes]
    : [`No GLUSTER_PEER: waiting for another node to probe this one and create volume ${config.volumeName}.`];
  const { localBrick } = seen.observed;
  if (!decision && localBrick.kind === 'stamped' && seen.observed.peers.length === 0) {
    // The seed's first node, its state lost, its brick full: no probe will ever make it whole.
    error = brickOrphanedError(config, localBrick.volumeId, 0);
    phase = 'blocked';
    notes = [error.message];
  }
  deps.problemGrace.keepOnly(error ? [error.code] : []);
  if (error?.code === 'GA_BRICK_ORPHANED' && !deps.problemGrace.lasted(error.code)) {
    // Peers that just connected may still be sending this brick's volume definition.
    phase = 'waiting-for-peers';
    notes = [
      `Brick ${config.brickPath} belongs to a volume this node does not know yet; waiting for the peers to sync it.`,
    ];
    error = undefined;
  }
  const message = error?.message;
  if (message !== state.snapshot.blockedBy) {
    if (error) logger.error({ code: error.code }, error.message);
    else if (state.snapshot.blockedBy) logger.info('the earlier problem is gone');
  }
  state.update({ ...common, phase, notes, blockedBy: message });
}

/** Runs the decision's steps in order until one fails; says which failed and why. */
async function runActions(
  deps: ConvergeDeps,
  decision: BootstrapDecision,
  signal: AbortSignal | undefined,
): Promise<{ completed: number; failure?: string; optionsSet: boolean }> {
  const { cli, logger, state } = deps;
  let completed = 0;
  let optionsSet = !decision.actions.some((action) => action.kind === 'set-options');
  for (const action of decision.actions) {
    try {
      await performAction(cli, action, logger, signal);
      if (action.kind === 'probe-peer') deps.refusals.accepted(action.host);
      if (action.kind === 'set-options') optionsSet = true;
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
      const said =
        error instanceof GlusterCliError ? error.opErrstr || describeError(error) : describeError(error);
      // Losing a race to another node, or a peer not there yet, is routine; the rest is worth a warning.
      const routine = error instanceof GlusterCliError && ROUTINE_FAILURES.has(error.reason);
      logger[routine ? 'info' : 'warn'](
        { action: action.kind, err: describeError(error) },
        `${action.kind} failed: ${said}; observing again`,
      );
      return { completed, failure: `${action.kind}: ${said}`, optionsSet };
    }
  }
  return { completed, optionsSet };
}

/**
 * Saves which option values this node has now applied or accepted, and reports once each option
 * it leaves alone because someone else set another value. Options whose set failed stay unrecorded.
 */
async function rememberOptions(
  deps: ConvergeDeps,
  observed: ClusterObservation,
  decision: BootstrapDecision,
  optionsSet: boolean,
): Promise<void> {
  const { volume } = observed;
  if (!volume || !optionsSet) return;
  const saved = await deps.appliedOptions.load(volume.id);
  if (JSON.stringify(saved) === JSON.stringify(decision.appliedOptions)) return;
  for (const option of decision.optionsLeftAlone) {
    deps.logger.warn(
      { option: option.key, configured: option.configured, actual: option.actual },
      `volume option ${option.key} is ${option.actual}, this node is configured with ${option.configured}: ` +
        'left alone (set by hand or by a node configured differently); change it with gluster volume set, ' +
        'or make the nodes agree',
    );
  }
  await deps.appliedOptions
    .save(volume.id, decision.appliedOptions)
    .catch((error: unknown) =>
      deps.logger.warn({ err: describeError(error) }, 'could not save the applied volume options'),
    );
}

/**
 * Converges until the volume is started and configured (or stopped by an operator), looking every
 * 100 ms while it waits and backing off to 5 s while a step keeps failing; after the deadline it
 * fails with what it last saw and the last gluster error.
 */
export async function bootstrapCluster(
  deps: ConvergeDeps,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const deadline = clock.now() + timeoutMs;
  let delayMs = BOOTSTRAP_POLL_MS;
  let lastFailure: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    let failure: string | undefined;
    try {
      const decision = await convergeOnce(deps, signal, { mayCreate: true });
      const settled = decision?.phase === 'ready' || decision?.phase === 'stopped';
      if (decision && settled && decision.actions.length === 0) return;
      failure = decision?.failure;
    } catch (error) {
      signal?.throwIfAborted();
      if (isUnrecoverable(error)) throw error;
      failure = describeError(error);
    }
    lastFailure = failure ?? lastFailure;
    delayMs = failure ? Math.min(delayMs * 2, BOOTSTRAP_MAX_BACKOFF_MS) : BOOTSTRAP_POLL_MS;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      const { notes, phase } = deps.state.snapshot;
      const seen = [notes.join(' ') || phase, lastFailure && `last gluster error: ${lastFailure}`];
      throw new DeadlineError(
        `volume ${deps.config.volumeName} to be created and started with peers ${deps.config.peers.join(', ')}`,
        timeoutMs,
        seen.filter(Boolean).join('; '),
      );
    }
    await clock.sleep(Math.min(delayMs, remaining), signal);
  }
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
  const round = () => convergeOnce(deps, signal, { mayCreate: false });
  const serving = async (): Promise<boolean> => {
    await round();
    const { volume, phase } = deps.state.snapshot;
    return phase === 'stopped' || (volume?.status === 'Started' && deps.state.localBrickOnline());
  };
  await pollUntil(
    async () => {
      await round();
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
