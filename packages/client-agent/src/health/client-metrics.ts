import { liveCounter, liveGauge } from '@gluster-asteroids/agent-runtime';
import type { Gauge, Registry } from 'prom-client';
import type { WsRefusals } from '../nginx/ws-refusals.js';
import type { PeerMonitor } from '../peers/peer-monitor.js';
import type { BrickMonitor } from '../storage/brick-monitor.js';
import type { StorageWatchdog } from '../storage/storage-watchdog.js';
import { appendGameServerMetrics, type GameMetricsReader } from './game-server-metrics.js';

/** What the client metrics read at scrape time. */
export interface ClientMetricSources {
  watchdog: () => StorageWatchdog | undefined;
  /** The mount's brick connections as last read (no mount I/O at scrape time). */
  bricks: () => BrickMonitor | undefined;
  peers: PeerMonitor;
  /** Whether the last real write on the volume succeeded (the write monitor's periodic check). */
  writable: () => boolean;
  /** nginx's refusals of /ws connections past WS_CONNECTIONS_PER_ADDRESS. */
  wsRefusals: WsRefusals;
  /** Reads the game server's own /metrics (loopback only), appended to the agent's. */
  gameMetrics: GameMetricsReader;
}

/**
 * Storage metrics of the asteroids container: `asteroids_storage_mounted`,
 * `asteroids_storage_writable`, `asteroids_storage_remounts_total`, `asteroids_peer_reachable`,
 * and the mount's bricks: `asteroids_storage_bricks`, `asteroids_storage_bricks_connected`,
 * `asteroids_storage_redundant`.
 * Program restarts come from the runtime's `ga_program_restarts_total`. Also
 * `asteroids_ws_refused_total` (nginx's per-address cap on /ws) and, appended, the game server's
 * own metrics (`game_*`, `game_server_*`, with `asteroids_game_metrics_up`).
 */
export function registerClientMetrics(registry: Registry, sources: ClientMetricSources): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge) => void) =>
    liveGauge(registry, name, help, labelNames, fill);
  gauge('asteroids_storage_mounted', 'The shared volume is mounted and answers (1) or not (0).', [], (g) =>
    g.set(sources.watchdog()?.state === 'mounted' ? 1 : 0),
  );
  gauge(
    'asteroids_storage_writable',
    'The last periodic write check on the volume succeeded (1) or not (0: full, read-only, down; see /status).',
    [],
    (g) => g.set(sources.writable() ? 1 : 0),
  );
  liveCounter(
    registry,
    'asteroids_storage_remounts_total',
    'Remounts done by the storage watchdog since start.',
    () => sources.watchdog()?.remounts ?? 0,
  );
  gauge(
    'asteroids_peer_reachable',
    "Each peer's glusterd answers a TCP connect (1) or not (0).",
    ['peer'],
    (g) => {
      for (const probe of sources.peers.results) g.set({ peer: probe.host }, probe.glusterdReachable ? 1 : 0);
    },
  );
  gauge(
    'asteroids_storage_bricks',
    "Bricks of the volume in the mount's client graph, as last read.",
    [],
    (g) => g.set(sources.bricks()?.bricks.length ?? 0),
  );
  gauge(
    'asteroids_storage_bricks_connected',
    "Bricks the mount's FUSE client is connected to, as last read.",
    [],
    (g) => g.set(sources.bricks()?.bricks.filter((brick) => brick.connected).length ?? 0),
  );
  liveCounter(
    registry,
    'asteroids_ws_refused_total',
    'WebSocket (/ws) connections nginx refused with 429 because their address had WS_CONNECTIONS_PER_ADDRESS open.',
    () => sources.wsRefusals.total,
  );
  appendGameServerMetrics(registry, sources.gameMetrics);
  gauge(
    'asteroids_storage_redundant',
    'The mount is connected to every brick of the volume (1) or not (0): with 0, one more server lost loses the game.',
    [],
    (g) => g.set(sources.bricks()?.redundant ? 1 : 0),
  );
}
