import type { PeerInfo } from '../cli/peers.js';
import { findPeer } from '../cluster/peers-plan.js';
import type { NodeKeyOf } from '../cluster/volume-plan.js';

/**
 * Names a host by the gluster node it is: this node's UUID for any of its own names or
 * addresses, a peer's UUID for any name glusterd knows that peer by, else the name itself. So a
 * brick recorded as "10.42.0.7" and one planned as "gluster01" compare equal when they are the
 * same node, and a node whose own name is an address still finds its brick recorded by name.
 */
export function nodeKeys(
  self: readonly string[],
  nodeUuid: string | undefined,
  peers: readonly PeerInfo[],
): NodeKeyOf {
  const own = new Set(self.map((name) => name.toLowerCase()));
  return (host) => {
    const name = host.toLowerCase();
    if (nodeUuid && own.has(name)) return `uuid:${nodeUuid}`;
    const peer = findPeer(peers, host);
    return peer?.uuid ? `uuid:${peer.uuid}` : `host:${name}`;
  };
}
