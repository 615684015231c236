import { EventEmitter } from 'node:events';
import type { HealSummary } from '../cli/heal.js';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import type { Maintenance } from '../maintenance/maintenance.js';
import type { BrickAvailability } from '../volume/brick-availability.js';

/**
 * Where this node stands. `waiting-to-be-probed`: no GLUSTER_PEER and no volume yet (the seed's
 * first node). `waiting-for-creator`: the pool is complete, another node creates the volume.
 * `degraded`: the volume serves, but a brick or peer is down. `stopped`: an operator stopped the
 * volume. `blocked`: an operator must act (a brick that holds data nobody knows, say).
 */
export type AgentPhase =
  | 'starting-glusterd'
  | 'waiting-to-be-probed'
  | 'joining-peers'
  | 'waiting-for-peers'
  | 'waiting-for-creator'
  | 'creating-volume'
  | 'starting-volume'
  | 'configuring-volume'
  | 'ready'
  | 'degraded'
  | 'stopped'
  | 'blocked'
  | 'conflict'
  | 'stopping';

/** Heal counts summed over the bricks, from `volume heal VOL info summary`. */
export interface HealCounts {
  pending: number;
  splitBrain: number;
  healing: number;
  perBrick: HealSummary['bricks'];
}

/** What the agent last observed; health, status and metrics read this one object. */
export interface ClusterSnapshot {
  phase: AgentPhase;
  /** ISO time of the last observation. */
  observedAt: string | undefined;
  self: string;
  nodeUuid: string | undefined;
  peers: readonly PeerInfo[];
  volume: VolumeInfo | undefined;
  bricks: readonly BrickAvailability[];
  heal: HealCounts | undefined;
  /** One sentence each: why the agent waits or what is degraded. */
  notes: readonly string[];
  lastError: string | undefined;
  /** The message of the problem an operator must act on, while it lasts. */
  blockedBy: string | undefined;
  /** While on, rounds only observe: an operator works on this node or the volume by hand. */
  maintenance: Maintenance;
  /** Whether the volume holds every copy it should, derived from the fields above. */
  redundancy: Redundancy;
}

/**
 * Fully redundant: the volume is started, every brick online and nothing waits to be healed.
 * `since` is when the verdict last changed (ISO time); `reasons` say what is missing.
 */
export interface Redundancy {
  redundant: boolean;
  since: string;
  reasons: string[];
}

/** Why the volume is not fully redundant, from one snapshot; [] when it is. */
export function redundancyGaps(snapshot: Omit<ClusterSnapshot, 'redundancy'>): string[] {
  const { volume, bricks, heal } = snapshot;
  if (!volume) return ['the volume does not exist yet'];
  if (volume.status !== 'Started') return [`volume ${volume.name} is ${volume.status}`];
  const gaps = bricks
    .filter((brick) => !brick.online)
    .map((brick) => `brick ${brick.host}:${brick.path} is offline`);
  if (bricks.length < volume.brickCount)
    gaps.push(`${volume.brickCount - bricks.length} brick(s) not reported`);
  if (!heal) gaps.push('heal counts not read yet');
  else {
    if (heal.pending > 0) gaps.push(`${heal.pending} entries pending heal`);
    if (heal.splitBrain > 0) gaps.push(`${heal.splitBrain} entries in split-brain`);
  }
  return gaps;
}

/** The agent's single source of truth about the cluster, with a change event. */
export class ClusterState extends EventEmitter<{ change: [ClusterSnapshot] }> {
  private current: ClusterSnapshot;

  constructor(self: string) {
    super();
    this.current = {
      phase: 'starting-glusterd',
      observedAt: undefined,
      self,
      nodeUuid: undefined,
      peers: [],
      volume: undefined,
      bricks: [],
      heal: undefined,
      notes: [],
      lastError: undefined,
      blockedBy: undefined,
      maintenance: { on: false },
      redundancy: { redundant: false, since: new Date().toISOString(), reasons: ['starting'] },
    };
  }

  get snapshot(): ClusterSnapshot {
    return this.current;
  }

  update(change: Partial<Omit<ClusterSnapshot, 'redundancy'>>): void {
    const next = { ...this.current, ...change };
    const reasons = redundancyGaps(next);
    const redundant = reasons.length === 0;
    const since =
      redundant === this.current.redundancy.redundant
        ? this.current.redundancy.since
        : new Date().toISOString();
    this.current = { ...next, redundancy: { redundant, since, reasons } };
    this.emit('change', this.current);
  }

  /** True when this node's own brick of the volume is online. */
  localBrickOnline(): boolean {
    const { bricks, nodeUuid, volume } = this.current;
    const mine = volume?.bricks.filter((brick) => brick.hostUuid === nodeUuid) ?? [];
    return (
      mine.length > 0 &&
      mine.every((brick) => bricks.some((b) => b.host === brick.host && b.path === brick.path && b.online))
    );
  }
}
