import { type CliEnvelope, childOf, childrenOf, intOf, textOf, textsOf } from './xml.js';

/** glusterd's friend state machine (glusterd-sm.h); only 3 lets a peer host bricks. */
export const PEER_STATE = {
  establishingConnection: 0,
  probeSentToPeer: 1,
  probeReceivedFromPeer: 2,
  peerInCluster: 3,
  acceptedPeerRequest: 4,
  sentAndReceivedPeerRequest: 5,
  peerRejected: 6,
  peerDetachInProgress: 7,
  probeReceivedFromPeerConnected: 8,
  connectedToPeer: 9,
  connectedAndAccepted: 10,
} as const;

/** One entry of `peer status` or `pool list`. */
export interface PeerInfo {
  uuid: string;
  /** The name glusterd knows the peer by ('localhost' for this node in `pool list`). */
  hostname: string;
  /** Every name/address the peer was probed or seen as (`hostname` included). */
  hostnames: string[];
  connected: boolean;
  /** Friend state (see PEER_STATE); -1 when absent (the 'localhost' entry of `pool list`). */
  state: number;
  /** e.g. 'Peer in Cluster'; '' when absent. */
  stateStr: string;
}

/**
 * Peers from a `peer status` (other nodes only) or `pool list` (this node included last as
 * 'localhost', without state) answer. An empty pool is `<peerStatus/>` and yields []. A node that
 * was probed knows its prober by reverse DNS (e.g. 'gxml-1.gxml-capture') until probed back by name.
 */
export function parsePeers(envelope: CliEnvelope): PeerInfo[] {
  return childrenOf(childOf(envelope.root, 'peerStatus'), 'peer').map((peer) => {
    const hostname = textOf(peer.hostname);
    const hostnames = textsOf(childOf(peer, 'hostnames'), 'hostname');
    return {
      uuid: textOf(peer.uuid),
      hostname,
      hostnames: hostnames.includes(hostname) ? hostnames : [hostname, ...hostnames],
      connected: textOf(peer.connected) === '1',
      state: intOf(peer, 'state', -1),
      stateStr: textOf(peer.stateStr),
    };
  });
}

/** What `peer probe` did. All three are successes (opRet 0); they differ only in opErrno. */
export type ProbeOutcome = 'probed' | 'self' | 'already-in-pool';

export interface ProbeResult {
  outcome: ProbeOutcome;
  /** `<output>`, e.g. 'success' or 'Host gxml-2 port 24007 already in peer list'. */
  message: string;
}

// gluster 11 `peer probe` with opRet 0: opErrno 1 = GF_PROBE_LOCALHOST, 2 = GF_PROBE_FRIEND.
const PROBE_OUTCOMES: Record<number, ProbeOutcome> = { 0: 'probed', 1: 'self', 2: 'already-in-pool' };

/** Reads a successful `peer probe` answer; failures (opRet -1) are errors before this is called. */
export function parseProbe(envelope: CliEnvelope): ProbeResult {
  return { outcome: PROBE_OUTCOMES[envelope.opErrno] ?? 'probed', message: envelope.output ?? '' };
}
