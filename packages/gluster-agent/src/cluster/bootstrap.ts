import type { VolumeCreateRequest } from '../cli/gluster-cli.js';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import type { LocalBrick } from '../glusterd/local-brick.js';
import type { BrickAvailability } from '../volume/brick-availability.js';
import type { VolumeOptionDefault } from '../volume/default-options.js';
import { ClusterError } from './errors.js';
import { type PeerPlan, planPeers } from './peers-plan.js';
import { type ClusterSpec, validateClusterSpec } from './spec.js';
import { decideStartedVolume } from './started-volume.js';
import { brickNotEmptyError, brickOrphanedError, poolStragglers } from './volume-creation.js';
import {
  findVolumeConflicts,
  type NodeKeyOf,
  type OptionPlan,
  plannedVolumeCreate,
  planOptions,
  volumeConflictError,
} from './volume-plan.js';

/** What this node saw in one observation round. */
export interface ClusterObservation {
  /** `peer status` (other nodes only). */
  peers: readonly PeerInfo[];
  /** `volume info NAME`, undefined when the volume does not exist. */
  volume: VolumeInfo | undefined;
  /** Bricks joined with `volume status` (see brickAvailability); omit when the volume is not started. */
  bricks?: readonly BrickAvailability[];
  /** This node's brick directory on disk (its volume-id stamp). */
  localBrick: LocalBrick;
  /** This node's bricks an operator took out with `reset-brick ... start`, as "host:path". */
  bricksBeingReset: readonly string[];
}

/** What the decision needs besides the observation. */
export interface DecisionContext {
  /**
   * This node may create the volume now: only during bootstrap, and only the designated creator
   * (or another node once the creator has had its turn). Reconcile rounds never create: a volume
   * that is missing then was lost or deleted, and a new one would stamp a new volume-id.
   */
  mayCreate: boolean;
  /** Option values this node already applied or accepted (see planOptions). */
  appliedOptions: Readonly<Record<string, string>>;
  /** The node identity of a host name (UUID when known), to compare bricks by node. */
  nodeKeyOf?: NodeKeyOf;
}

/** One step for the agent to run, in order. */
export type BootstrapAction =
  | { kind: 'probe-peer'; host: string }
  | { kind: 'create-volume'; request: VolumeCreateRequest }
  | { kind: 'start-volume'; name: string; force: boolean; reason: string }
  | { kind: 'set-options'; name: string; options: VolumeOptionDefault[] };

/** Where bootstrap stands; 'ready' means nothing left to do. */
export type BootstrapPhase =
  | 'joining-peers'
  | 'waiting-for-peers'
  | 'waiting-for-creator'
  | 'creating-volume'
  | 'starting-volume'
  | 'configuring-volume'
  | 'stopped'
  | 'blocked'
  | 'ready'
  | 'conflict';

export interface BootstrapDecision {
  phase: BootstrapPhase;
  /** Run in order; stop at the first failure and observe again. */
  actions: BootstrapAction[];
  peers: PeerPlan;
  /** Why the plan is waiting or the volume is degraded, one sentence each (for health and logs). */
  notes: string[];
  /** Option values this node will have applied or accepted once the actions succeed. */
  appliedOptions: Record<string, string>;
  /** Options left alone because someone else set another value: reported once by the caller. */
  optionsLeftAlone: { key: string; configured: string; actual: string }[];
  /** Every member is Peer in Cluster and connected, and so is every other node of the pool. */
  poolComplete: boolean;
  /**
   * GA_VOLUME_CONFLICT or GA_CLUSTER_SPEC_INVALID (unrecoverable); GA_PEER_REJECTED,
   * GA_BRICK_ORPHANED or GA_BRICK_NOT_EMPTY (an operator must act; the agent keeps looking).
   */
  error?: ClusterError;
}

/**
 * Decides the next steps from the spec and one observation, without I/O: peers first, then
 * either the creation of a missing volume or the upkeep of the existing one. Safe to run on every
 * node at once: the layout is deterministic and only a designated node creates.
 */
export function decideBootstrap(
  spec: ClusterSpec,
  observed: ClusterObservation,
  context: DecisionContext,
): BootstrapDecision {
  validateClusterSpec(spec);
  const peers = planPeers(spec, observed.peers);
  const stragglers = poolStragglers(observed.peers);
  const decision: BootstrapDecision = {
    phase: 'ready',
    actions: peers.toProbe.map((host) => ({ kind: 'probe-peer' as const, host })),
    peers,
    notes: peers.members
      .filter((member) => member.state === 'joining' || member.state === 'disconnected')
      .map((member) => `Peer ${member.host} is ${member.state} (${member.stateStr || 'no state'}).`),
    appliedOptions: { ...context.appliedOptions },
    optionsLeftAlone: [],
    poolComplete: peers.allInCluster && stragglers.length === 0,
  };
  if (peers.rejected.length > 0) {
    decision.error = new ClusterError(
      'GA_PEER_REJECTED',
      `glusterd rejected peer(s) ${peers.rejected.join(', ')} (state 6, Peer Rejected). Detach and re-probe ` +
        'them, or reset their /var/lib/glusterd, by hand; the agent does not do this automatically.',
    );
  }
  return observed.volume
    ? decideExisting(spec, observed, observed.volume, context, decision)
    : decideCreation(spec, observed, context, decision, stragglers);
}

/**
 * No volume yet: create it only when it is safe. Every node of the pool must be connected (a
 * disconnected one may hold the definition this node lacks), this node's brick must not belong
 * to a volume already (it would be stamped anew) nor hold data, and this node must be the one
 * whose turn it is to create.
 */
function decideCreation(
  spec: ClusterSpec,
  observed: ClusterObservation,
  context: DecisionContext,
  decision: BootstrapDecision,
  stragglers: readonly string[],
): BootstrapDecision {
  const { localBrick } = observed;
  const waitingFor = [
    ...stragglers,
    ...decision.peers.members
      .filter((m) => m.state !== 'self' && m.state !== 'in-cluster')
      .map((m) => m.host),
  ];
  if (localBrick.kind === 'stamped' || (localBrick.kind === 'fresh' && localBrick.entries > 0)) {
    if (waitingFor.length > 0) {
      // A peer that is not connected yet may bring back the definition of this brick's volume.
      decision.notes.push(
        `Waiting for ${waitingFor.join(', ')}, which may know the volume this brick belongs to.`,
      );
      return { ...decision, phase: decision.actions.length > 0 ? 'joining-peers' : 'waiting-for-peers' };
    }
    const error =
      localBrick.kind === 'stamped'
        ? brickOrphanedError(spec, localBrick.volumeId, observed.peers.length)
        : brickNotEmptyError(spec, localBrick.entries);
    return {
      ...decision,
      phase: 'blocked',
      notes: [...decision.notes, error.message],
      error: decision.error ?? error,
    };
  }
  if (!decision.poolComplete) {
    // create fails with "Host X not connected" / "not in 'Peer in Cluster' state" until then.
    decision.notes.push(
      stragglers.length > 0
        ? `Volume ${spec.volumeName} waits for ${stragglers.join(', ')} (in the pool, not connected): it may already know the volume.`
        : `Volume ${spec.volumeName} waits for every member to be Peer in Cluster and connected.`,
    );
    return { ...decision, phase: decision.actions.length > 0 ? 'joining-peers' : 'waiting-for-peers' };
  }
  if (!context.mayCreate) {
    decision.notes.push(`Volume ${spec.volumeName} does not exist; another node creates it.`);
    return { ...decision, phase: 'waiting-for-creator' };
  }
  // Options before start: set on a created volume they only rewrite its volfiles, and the bricks
  // start with their final graph instead of being reconfigured right after.
  const options = planOptions(spec, undefined, {});
  const request = plannedVolumeCreate(spec);
  decision.actions.push(
    // Only reached with this node's brick missing or empty and unstamped, so the force gluster
    // insists on for a brick on the root file system never stamps over data here.
    { kind: 'create-volume', request },
    ...setOptions(spec, options.toSet),
    {
      kind: 'start-volume',
      name: spec.volumeName,
      force: false,
      reason: 'Created volumes do not serve I/O.',
    },
  );
  return { ...decision, phase: 'creating-volume', appliedOptions: options.applied };
}

/** The volume exists: check its layout, start it if it was never started, keep it configured. */
function decideExisting(
  spec: ClusterSpec,
  observed: ClusterObservation,
  volume: VolumeInfo,
  context: DecisionContext,
  decision: BootstrapDecision,
): BootstrapDecision {
  const conflicts = findVolumeConflicts(spec, volume, context.nodeKeyOf);
  if (conflicts.length > 0 && conflicts.every((c) => c.field === 'bricks') && decision.actions.length > 0) {
    // A member glusterd does not know by its configured name yet may be a brick's node under
    // another name: the probe adds the name, and the next look compares again.
    decision.notes.push(
      `Volume ${volume.name}'s bricks are compared again once ${decision.peers.toProbe.join(', ')} is probed.`,
    );
    return { ...decision, phase: 'joining-peers' };
  }
  if (conflicts.length > 0) {
    const error = volumeConflictError(spec, conflicts);
    return { ...decision, phase: 'conflict', notes: [...decision.notes, error.message], error };
  }
  const joining = decision.actions.length > 0;
  if (volume.status === 'Stopped') {
    // Stopped, not merely Created: someone ran `volume stop`. Starting it would undo their work.
    decision.notes.push(
      `Volume ${volume.name} was stopped by an operator (gluster volume stop); the agent leaves it stopped. ` +
        `Start it with: gluster volume start ${volume.name}`,
    );
    return { ...decision, phase: joining ? 'joining-peers' : 'stopped' };
  }
  if (volume.status === 'Created' && spec.adopted && observed.peers.some((peer) => peer.connected)) {
    // The connected peer that created it is configuring and starting it: acting too would only
    // collide with its steps on glusterd's volume lock ("another transaction is in progress").
    decision.notes.push(`Volume ${volume.name} is Created: the peer that created it is starting it.`);
    return { ...decision, phase: joining ? 'joining-peers' : 'starting-volume' };
  }
  const options = planOptions(spec, volume, context.appliedOptions);
  const withOptions = { ...decision, appliedOptions: options.applied, optionsLeftAlone: options.leftAlone };
  if (options.startedWithout.length > 0)
    withOptions.notes.push(startedWithoutNote(volume.name, options.startedWithout));
  if (volume.status === 'Created') {
    withOptions.actions.push(...setOptions(spec, options.toSet), {
      kind: 'start-volume',
      name: volume.name,
      force: false,
      reason: 'Volume is Created; clients can only mount a started volume.',
    });
    return { ...withOptions, phase: joining ? 'joining-peers' : 'starting-volume' };
  }
  const started = decideStartedVolume(spec, observed, volume);
  withOptions.actions.push(...started.actions, ...setOptions(spec, options.toSet));
  withOptions.notes.push(...started.notes);
  let phase: BootstrapPhase = joining ? 'joining-peers' : 'ready';
  if (phase === 'ready' && started.actions.length > 0) phase = 'starting-volume';
  if (phase === 'ready' && options.toSet.length > 0) phase = 'configuring-volume';
  return { ...withOptions, phase };
}

/** Why a started volume does not get the start-time (TLS) options it is configured for. */
function startedWithoutNote(volume: string, missing: OptionPlan['startedWithout']): string {
  const list = missing.map((m) => `${m.key}=${m.configured} (now ${m.actual ?? 'unset'})`).join(', ');
  return (
    `Volume ${volume} was started before TLS was configured for it (${list}): its bricks read TLS settings ` +
    'only when they start, so the agent does not switch them under running clients. Until this is done the ' +
    'I/O path is not encrypted. See docs/operations.md, "Turning TLS on for an existing volume".'
  );
}

/** One `set-options` step for `options`, or none. */
function setOptions(spec: ClusterSpec, options: VolumeOptionDefault[]): BootstrapAction[] {
  return options.length > 0 ? [{ kind: 'set-options', name: spec.volumeName, options }] : [];
}
