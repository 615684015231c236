import { GLUSTER_TLS_PATHS } from '@gluster-asteroids/agent-runtime';
import type { VolumeInfo } from '../cli/volumes.js';
import type { ClusterSpec } from '../cluster/spec.js';
import type { GlusterAgentConfig } from '../config.js';
import { accessVolumeOptions } from '../volume/default-options.js';

/**
 * The spec this node converges to. With peers configured it is the configuration, under the name
 * the volume records for this node. Without (the
 * seed's first node, which waits to be probed) the node never creates anything: it adopts the
 * layout of the volume others created, recognising its own brick by its gluster UUID, and only
 * keeps that brick running. Undefined while there is no volume to adopt.
 */
export function clusterSpecFor(
  config: GlusterAgentConfig,
  members: readonly string[],
  brickOnRootFs: boolean,
  nodeUuid: string | undefined,
  volume: VolumeInfo | undefined,
): ClusterSpec | undefined {
  const base = {
    volumeName: config.volumeName,
    replica: config.replica,
    arbiter: config.arbiter,
    brickPath: config.brickPath,
    brickOnRootFs,
    access: accessVolumeOptions({
      tls: config.tls.mode,
      authAllow: config.authAllow,
      paths: GLUSTER_TLS_PATHS,
    }),
    options: config.extraVolumeOptions,
  };
  // This node's brick, found by its gluster UUID whatever name the creator recorded it under: the
  // node goes by that name, so a node that knows itself by an address (or another alias) finds
  // its brick recorded by name, and the other way round, instead of reporting a conflict.
  const mine = nodeUuid ? volume?.bricks.find((brick) => brick.hostUuid === nodeUuid) : undefined;
  if (config.peers.length > 0) return { ...base, self: mine?.host ?? config.self, members };
  if (!volume) return undefined;
  return {
    ...base,
    adopted: true,
    self: mine?.host ?? config.self,
    members: volume.bricks.map((brick) => brick.host),
    replica: volume.replicaCount,
    arbiter: volume.arbiterCount > 0 ? 1 : 0,
    brickPath: mine?.path ?? config.brickPath,
  };
}
