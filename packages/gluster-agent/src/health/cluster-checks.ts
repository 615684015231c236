import type { CheckResult, HealthChecks } from '@gluster-asteroids/agent-runtime';
import type { ClusterState } from '../agent/cluster-state.js';
import type { GlusterCli } from '../cli/gluster-cli.js';
import { maintenanceNotice } from '../maintenance/maintenance.js';

/** /healthz: glusterd answers the CLI. Failing means the container should be restarted. */
export function livenessChecks(cli: GlusterCli): HealthChecks {
  return {
    glusterd: async (): Promise<CheckResult> => {
      const peers = await cli.poolList({ timeoutMs: 3_000 });
      return { ok: true, detail: `answers; ${peers.length} node(s) in the pool` };
    },
  };
}

/** /readyz: the volume is started and this node's brick is online, so it serves clients. */
export function readinessChecks(state: ClusterState): HealthChecks {
  return {
    volume: (): CheckResult => {
      const { volume, phase, notes } = state.snapshot;
      if (volume?.status === 'Started') return { ok: true, detail: `${volume.name} started` };
      return { ok: false, detail: `${phase}${notes.length > 0 ? `: ${notes.join(' ')}` : ''}` };
    },
    localBrick: (): CheckResult =>
      state.localBrickOnline()
        ? { ok: true, detail: 'online' }
        : { ok: false, detail: 'this node has no online brick of the volume' },
  };
}

/**
 * Sentences for /readyz (and so the image's healthcheck output in `docker inspect`): whether the
 * volume serves without every copy, while it is otherwise ready.
 */
export function readinessNotices(state: ClusterState): () => string[] {
  return () => {
    const { redundancy, volume, maintenance } = state.snapshot;
    const notices = [maintenanceNotice(maintenance)].filter((notice) => notice !== undefined);
    if (redundancy.redundant || volume?.status !== 'Started') return notices;
    return [...notices, `not redundant: ${redundancy.reasons.join(', ')} (since ${redundancy.since})`];
  };
}
