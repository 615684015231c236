import { EventEmitter } from 'node:events';
import type { HealSummary } from '../cli/heal.js';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import type { BrickAvailability } from '../volume/brick-availability.js';

/**
 * Where this node stands. `waiting-to-be-probed`: no GLUSTER_PEER and no volume yet (the seed's
 * first node). `degraded`: the volume serves, but a brick or peer is down.
 */
export type AgentPhase =
  | 'starting-glusterd'
  | 'waiting-to-be-probed'
  | 'joining-peers'
  | 'waiting-for-peers'
  | 'creating-volume'
  | 'starting-volume'
  | 'configuring-volume'
  | 'ready'
  | 'degraded'
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
    };
  }

  get snapshot(): ClusterSnapshot {
    return this.current;
  }

  update(change: Partial<ClusterSnapshot>): void {
    this.current = { ...this.current, ...change };
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
