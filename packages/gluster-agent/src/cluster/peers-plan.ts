import { PEER_STATE, type PeerInfo } from '../cli/peers.js';
import { brickHosts, type ClusterSpec } from './spec.js';

/** Where one configured member stands in this node's view of the pool. */
export type MemberState =
  | 'self'
  /** Not in `peer status`: probe it. */
  | 'unknown'
  /** In the pool but not yet state 3 (Peer in Cluster) or not connected: wait. */
  | 'joining'
  | 'disconnected'
  /** State 6: needs an operator. */
  | 'rejected'
  | 'in-cluster';

export interface PeerPlan {
  members: { host: string; state: MemberState; stateStr: string }[];
  /** Hosts to `peer probe`, in sorted order. */
  toProbe: string[];
  /** True when every other member is Peer in Cluster (state 3) and connected. */
  allInCluster: boolean;
  rejected: string[];
}

/** Finds a configured host among `peer status` entries by any of the names glusterd knows it by. */
export function findPeer(peers: readonly PeerInfo[], host: string): PeerInfo | undefined {
  const wanted = host.toLowerCase();
  return peers.find((peer) =>
    [peer.hostname, ...peer.hostnames].some((name) => name.toLowerCase() === wanted),
  );
}

/**
 * Compares configured members with `peer status` (which excludes this node). Probing is
 * idempotent in gluster ('already in peer list' is a success), so any node may probe any member.
 */
export function planPeers(spec: ClusterSpec, peers: readonly PeerInfo[]): PeerPlan {
  const self = spec.self.toLowerCase();
  const members = brickHosts(spec).map((host) => {
    if (host === self) return { host, state: 'self' as const, stateStr: '' };
    const peer = findPeer(peers, host);
    return { host, state: memberState(peer), stateStr: peer?.stateStr ?? '' };
  });
  return {
    members,
    toProbe: members.filter((member) => member.state === 'unknown').map((member) => member.host),
    allInCluster: members.every((member) => member.state === 'self' || member.state === 'in-cluster'),
    rejected: members.filter((member) => member.state === 'rejected').map((member) => member.host),
  };
}

function memberState(peer: PeerInfo | undefined): MemberState {
  if (!peer) return 'unknown';
  if (peer.state === PEER_STATE.peerRejected) return 'rejected';
  if (peer.state !== PEER_STATE.peerInCluster) return 'joining';
  return peer.connected ? 'in-cluster' : 'disconnected';
}
