import { liveGauge } from '@gluster-asteroids/agent-runtime';
import type { Gauge, Registry } from 'prom-client';
import type { ClusterState } from '../agent/cluster-state.js';
import { splitBrickName } from '../cli/volumes.js';

/**
 * Cluster metrics read from the agent's last observation at scrape time. Names and labels follow
 * the gluster-prometheus exporter where they overlap, so its dashboards and alerts work.
 */
export function registerClusterMetrics(registry: Registry, state: ClusterState): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge) => void) =>
    liveGauge(registry, name, help, labelNames, fill);
  gauge(
    'gluster_peer_connected',
    'Peer connected to this node (1) or not (0).',
    ['hostname', 'peer_id'],
    (g) => {
      for (const peer of state.snapshot.peers)
        g.set({ hostname: peer.hostname, peer_id: peer.uuid }, peer.connected ? 1 : 0);
    },
  );
  gauge(
    'gluster_brick_up',
    'Brick process online (1) or not (0).',
    ['volume', 'hostname', 'brick_path', 'peer_id'],
    (g) => {
      const { volume, bricks } = state.snapshot;
      for (const brick of bricks) {
        const peerId =
          volume?.bricks.find((b) => b.host === brick.host && b.path === brick.path)?.hostUuid ?? '';
        g.set(
          { volume: volume?.name ?? '', hostname: brick.host, brick_path: brick.path, peer_id: peerId },
          brick.online ? 1 : 0,
        );
      }
    },
  );
  gauge('gluster_volume_up', 'Volume started (1) or not (0).', ['volume'], (g) => {
    const { volume } = state.snapshot;
    if (volume) g.set({ volume: volume.name }, volume.status === 'Started' ? 1 : 0);
  });
  gauge(
    'gluster_volume_heal_count',
    'Entries pending heal, per brick.',
    ['volume', 'brick_path', 'host'],
    (g) => {
      const { volume, heal } = state.snapshot;
      for (const brick of heal?.perBrick ?? []) {
        const { host, path } = splitBrickName(brick.name);
        g.set({ volume: volume?.name ?? '', brick_path: path, host }, brick.pending);
      }
    },
  );
  gauge(
    'gluster_volume_split_brain_heal_count',
    'Entries in split-brain, per brick.',
    ['volume', 'brick_path', 'host'],
    (g) => {
      const { volume, heal } = state.snapshot;
      for (const brick of heal?.perBrick ?? []) {
        const { host, path } = splitBrickName(brick.name);
        g.set({ volume: volume?.name ?? '', brick_path: path, host }, brick.splitBrain);
      }
    },
  );
  gauge(
    'gluster_volume_redundant',
    'Volume started with every brick online and nothing pending heal (1), or serving without every copy (0).',
    ['volume'],
    (g) => {
      const { volume, redundancy } = state.snapshot;
      if (volume) g.set({ volume: volume.name }, redundancy.redundant ? 1 : 0);
    },
  );
  gauge(
    'gluster_agent_maintenance',
    'The agent leaves the volume alone (1: maintenance) or keeps it as configured (0).',
    [],
    (g) => {
      g.set(state.snapshot.maintenance.on ? 1 : 0);
    },
  );
  gauge('gluster_agent_phase', "The agent's phase (1 for the current one).", ['phase'], (g) => {
    g.set({ phase: state.snapshot.phase }, 1);
  });
}
