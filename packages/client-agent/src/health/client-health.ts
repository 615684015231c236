import type { CheckResult, HealthServerOptions, Supervisor } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import type { PeerMonitor } from '../peers/peer-monitor.js';
import type { BrickMonitor } from '../storage/brick-monitor.js';
import type { StorageWatchdog } from '../storage/storage-watchdog.js';
import type { WriteMonitor } from '../storage/write-monitor.js';
import { readGameLeaderboard } from './game-leaderboard.js';

export interface ClientHealthSources {
  supervisor: Supervisor;
  watchdog: () => StorageWatchdog | undefined;
  /** The mount's brick connections, once mounted. */
  bricks: () => BrickMonitor | undefined;
  /** Whether the volume takes writes, once mounted. */
  writes: () => WriteMonitor | undefined;
  peers: PeerMonitor;
  config: ClientAgentConfig;
}

function programRunning(supervisor: Supervisor, name: string): CheckResult {
  const status = supervisor.status().find((program) => program.name === name);
  if (!status) return { ok: false, detail: 'not started yet' };
  return status.state === 'running'
    ? { ok: true, detail: `pid ${status.pid}` }
    : { ok: false, detail: status.state };
}

/**
 * The asteroids container's probes. /healthz: the agent and its programs are not fatal (storage
 * trouble is not a reason to restart: the watchdog remounts). /readyz: storage mounted, nginx
 * and the game server running; its notices say when the mount is not connected to every brick
 * (the game is served, but losing one more server would lose it) and when the volume takes no
 * writes (full, read-only: scores wait in memory). Neither is a reason to fail readiness: this
 * container serves the game either way.
 */
export function clientHealth(
  sources: ClientHealthSources,
): Pick<HealthServerOptions, 'liveness' | 'readiness' | 'status' | 'notices'> {
  const { supervisor, watchdog, bricks, writes, peers, config } = sources;
  return {
    liveness: {
      programs: (): CheckResult => {
        const fatal = supervisor.status().filter((program) => program.state === 'fatal');
        return fatal.length === 0
          ? { ok: true }
          : { ok: false, detail: `fatal: ${fatal.map((program) => program.name).join(', ')}` };
      },
    },
    readiness: {
      storage: (): CheckResult => {
        const state = watchdog()?.state;
        return state === 'mounted'
          ? { ok: true, detail: `${config.volumeName} mounted on ${config.mountPoint}` }
          : { ok: false, detail: state === undefined ? 'mounting' : `storage is ${state}` };
      },
      nginx: () => programRunning(supervisor, 'nginx'),
      gameServer: () => programRunning(supervisor, 'game-server'),
    },
    notices: () => [...(bricks()?.notices() ?? []), ...(writes()?.notices() ?? [])],
    status: async () => ({
      storage: {
        state: watchdog()?.state ?? 'mounting',
        remounts: watchdog()?.remounts ?? 0,
        mountPoint: config.mountPoint,
        bricks: (bricks()?.bricks ?? []).map(({ name, host, connected }) => ({ name, host, connected })),
        redundant: bricks()?.redundant ?? false,
        writes: writes()?.state ?? { state: 'unknown' },
      },
      // Scores waiting in the game server's memory (the volume down, full or read-only).
      leaderboard: await readGameLeaderboard(config.gameInternalPort),
      peers: peers.results,
      programs: supervisor.status(),
    }),
  };
}
