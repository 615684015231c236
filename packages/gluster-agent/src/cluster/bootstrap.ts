import type { VolumeCreateRequest } from '../cli/gluster-cli.js';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import type { BrickAvailability } from '../volume/brick-availability.js';
import type { VolumeOptionDefault } from '../volume/default-options.js';
import { ClusterError } from './errors.js';
import { type PeerPlan, planPeers } from './peers-plan.js';
import { type ClusterSpec, validateClusterSpec } from './spec.js';
import {
  findVolumeConflicts,
  optionsToSet,
  plannedVolumeCreate,
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
  | 'creating-volume'
  | 'starting-volume'
  | 'configuring-volume'
  | 'ready'
  | 'conflict';

export interface BootstrapDecision {
  phase: BootstrapPhase;
  /** Run in order; stop at the first failure and observe again. */
  actions: BootstrapAction[];
  peers: PeerPlan;
  /** Why the plan is waiting or the volume is degraded, one sentence each (for health and logs). */
  notes: string[];
  /** Set when phase is 'conflict' (GA_VOLUME_CONFLICT) or a peer is rejected (GA_PEER_REJECTED). */
  error?: ClusterError;
}

/**
 * Decides the next bootstrap steps from the spec and one observation, without I/O. Safe to run on
 * every node at once: the layout is deterministic, so concurrent creators race for the same
 * volume, the loser gets 'already exists', observes again and finds no conflict.
 */
export function decideBootstrap(spec: ClusterSpec, observed: ClusterObservation): BootstrapDecision {
  validateClusterSpec(spec);
  const peers = planPeers(spec, observed.peers);
  const notes: string[] = [];
  const actions: BootstrapAction[] = peers.toProbe.map((host) => ({ kind: 'probe-peer' as const, host }));
  const rejected =
    peers.rejected.length > 0
      ? new ClusterError(
          'GA_PEER_REJECTED',
          `glusterd rejected peer(s) ${peers.rejected.join(', ')} (state 6, Peer Rejected). Detach and re-probe ` +
            'them, or reset their /var/lib/glusterd, by hand; the agent does not do this automatically.',
        )
      : undefined;
  for (const member of peers.members) {
    if (member.state === 'joining' || member.state === 'disconnected') {
      notes.push(`Peer ${member.host} is ${member.state} (${member.stateStr || 'no state'}).`);
    }
  }

  const volume = observed.volume;
  if (!volume) {
    if (!peers.allInCluster) {
      // create fails with "Host X not connected" / "not in 'Peer in Cluster' state" until then.
      notes.push(`Volume ${spec.volumeName} waits for every member to be Peer in Cluster and connected.`);
      return finish(
        actions.length > 0 ? 'joining-peers' : 'waiting-for-peers',
        actions,
        peers,
        notes,
        rejected,
      );
    }
    // Options before start: set on a created volume they only rewrite its volfiles, and the
    // bricks start with their final graph instead of being reconfigured right after.
    actions.push(
      { kind: 'create-volume', request: plannedVolumeCreate(spec) },
      ...setOptions(spec, undefined),
      {
        kind: 'start-volume',
        name: spec.volumeName,
        force: false,
        reason: 'Created volumes do not serve I/O.',
      },
    );
    return finish('creating-volume', actions, peers, notes, rejected);
  }

  const conflicts = findVolumeConflicts(spec, volume);
  if (conflicts.length > 0) {
    const error = volumeConflictError(spec, conflicts);
    return finish('conflict', actions, peers, [...notes, error.message], error);
  }

  let phase: BootstrapPhase = actions.length > 0 ? 'joining-peers' : 'ready';
  if (volume.status !== 'Started') {
    if (spec.adopted && observed.peers.some((peer) => peer.connected)) {
      // The connected peer that created it is configuring and starting it: acting too would only
      // collide with its steps on glusterd's volume lock ("another transaction is in progress").
      notes.push(`Volume ${volume.name} is ${volume.status}: the peer that created it is starting it.`);
      return finish(phase === 'ready' ? 'starting-volume' : phase, actions, peers, notes, rejected);
    }
    actions.push(...setOptions(spec, volume), {
      kind: 'start-volume',
      name: volume.name,
      force: false,
      reason: `Volume is ${volume.status}; clients can only mount a started volume.`,
    });
    phase = phase === 'ready' ? 'starting-volume' : phase;
    return finish(phase, actions, peers, notes, rejected);
  }
  const self = spec.self.toLowerCase();
  const localDown = (observed.bricks ?? []).filter(
    (b) => b.host.toLowerCase() === self && b.state === 'stopped',
  );
  if (localDown.length > 0) {
    actions.push({
      kind: 'start-volume',
      name: volume.name,
      force: true,
      reason: `Local brick ${localDown.map((b) => b.path).join(', ')} is not running; start force restarts it.`,
    });
    phase = phase === 'ready' ? 'starting-volume' : phase;
  }
  for (const brick of observed.bricks ?? []) {
    if (!brick.online) notes.push(`Brick ${brick.host}:${brick.path} is offline (${brick.state}).`);
  }
  const options = setOptions(spec, volume);
  actions.push(...options);
  if (options.length > 0 && phase === 'ready') phase = 'configuring-volume';
  return finish(phase, actions, peers, notes, rejected);
}

/** One `set-options` step for the options `volume` lacks (all of them for a new volume), or none. */
function setOptions(spec: ClusterSpec, volume: VolumeInfo | undefined): BootstrapAction[] {
  const options = optionsToSet(spec, volume);
  return options.length > 0 ? [{ kind: 'set-options', name: spec.volumeName, options }] : [];
}

function finish(
  phase: BootstrapPhase,
  actions: BootstrapAction[],
  peers: PeerPlan,
  notes: string[],
  error: ClusterError | undefined,
): BootstrapDecision {
  return error ? { phase, actions, peers, notes, error } : { phase, actions, peers, notes };
}
