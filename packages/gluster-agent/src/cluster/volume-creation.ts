import { PEER_STATE, type PeerInfo } from '../cli/peers.js';
import { ClusterError } from './errors.js';

/**
 * Nodes of the pool (configured or not) that are not Peer in Cluster and connected. Until they
 * are, nobody can say the volume does not exist: one of them may hold its definition.
 */
export function poolStragglers(peers: readonly PeerInfo[]): string[] {
  return peers
    .filter((peer) => peer.state !== PEER_STATE.peerInCluster || !peer.connected)
    .map((peer) => peer.hostname);
}

/** GA_BRICK_ORPHANED: this node's brick holds a volume that nobody in the pool knows. */
export function brickOrphanedError(
  spec: { brickPath: string; volumeName: string },
  volumeId: string,
  poolPeers: number,
): ClusterError {
  const who =
    poolPeers === 0
      ? "this node's glusterd knows no volume and no peer: its state (/var/lib/glusterd) was lost or replaced"
      : 'neither this node nor any connected peer knows that volume';
  return new ClusterError(
    'GA_BRICK_ORPHANED',
    `Brick ${spec.brickPath} holds data of a volume (volume-id ${volumeId}), but ${who}. The agent will not ` +
      `create volume ${spec.volumeName} over it. Restore this node's /var/lib/glusterd volume (same container ` +
      'volumes as before), or, if that volume is gone for good and its data is not needed, move the brick ' +
      "directory's contents aside so the node starts empty.",
  );
}

/** GA_BRICK_NOT_EMPTY: the brick directory holds files but belongs to no volume. */
export function brickNotEmptyError(
  spec: { brickPath: string; volumeName: string },
  entries: number,
): ClusterError {
  return new ClusterError(
    'GA_BRICK_NOT_EMPTY',
    `Brick ${spec.brickPath} holds ${entries} entr${entries === 1 ? 'y' : 'ies'} but belongs to no volume: ` +
      `creating volume ${spec.volumeName} on it would mix those files into the volume unchecked. Move them ` +
      'aside (or point GLUSTER_BRICK_PATH at an empty volume) and restart the container.',
  );
}
