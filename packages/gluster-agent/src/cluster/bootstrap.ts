import type { VolumeCreateRequest } from '../cli/gluster-cli.js';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import type { BrickAvailability } from '../volume/brick-availability.js';
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
  | { kind: 'set-option'; name: string; key: string; value: string; reason: string };

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
    const request = plannedVolumeCreate(spec);
    actions.push(
      { kind: 'create-volume', request },
      {
        kind: 'start-volume',
        name: spec.volumeName,
        force: false,
        reason: 'Created volumes do not serve I/O.',
      },
      ...optionsToSet(spec, undefined).map((option) => ({
        kind: 'set-option' as const,
        name: spec.volumeName,
        ...option,
      })),
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
    actions.push({
      kind: 'start-volume',
      name: volume.name,
      force: false,
      reason: `Volume is ${volume.status}; clients can only mount a started volume.`,
    });
    phase = phase === 'ready' ? 'starting-volume' : phase;
  } else {
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
  }
  const options = optionsToSet(spec, volume);
  for (const option of options) actions.push({ kind: 'set-option', name: volume.name, ...option });
  if (options.length > 0 && phase === 'ready') phase = 'configuring-volume';
  return finish(phase, actions, peers, notes, rejected);
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
