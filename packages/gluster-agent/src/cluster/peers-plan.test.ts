import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { type PeerInfo, parsePeers } from '../cli/peers.js';
import { findPeer, planPeers } from './peers-plan.js';
import type { ClusterSpec } from './spec.js';

const SPEC: ClusterSpec = {
  self: 'gxml-1',
  members: ['gxml-1', 'gxml-2', 'gxml-3'],
  volumeName: 'gv3',
  replica: 3,
  arbiter: 0,
  brickPath: '/gluster_volume/brick',
  brickOnRootFs: false,
};

const peersOf = (name: string): PeerInfo[] => parsePeers(envelopeOf(name));

describe('planPeers', () => {
  it('probes every other member from a fresh node', () => {
    const plan = planPeers(SPEC, peersOf('peer-status-0-peers'));
    expect(plan.toProbe).toEqual(['gxml-2', 'gxml-3']);
    expect(plan.allInCluster).toBe(false);
  });

  it('probes only the member that is missing', () => {
    const plan = planPeers(SPEC, peersOf('peer-status-1-peer'));
    expect(plan.toProbe).toEqual(['gxml-3']);
    expect(plan.members.map((member) => member.state)).toEqual(['self', 'in-cluster', 'unknown']);
  });

  it('is ready when every member is Peer in Cluster and connected', () => {
    const plan = planPeers(SPEC, peersOf('peer-status-2-peers'));
    expect(plan).toMatchObject({ toProbe: [], allInCluster: true, rejected: [] });
  });

  it('is not ready while a member is disconnected, and does not probe it again', () => {
    const plan = planPeers(SPEC, peersOf('peer-status-1-disconnected'));
    expect(plan.toProbe).toEqual([]);
    expect(plan.allInCluster).toBe(false);
    expect(plan.members.find((member) => member.host === 'gxml-3')?.state).toBe('disconnected');
  });

  it('probes back a prober it only knows by its reverse-DNS name, so the configured name is recorded', () => {
    const plan = planPeers(
      { ...SPEC, self: 'gxml-2', members: ['gxml-1'], replica: 2 },
      peersOf('peer-status-1-peer-from-probed'),
    );
    expect(plan.toProbe).toEqual(['gxml-1']);
  });

  it('waits for a peer that is still joining and reports a rejected one', () => {
    const peers: PeerInfo[] = [
      {
        uuid: 'a',
        hostname: 'gxml-2',
        hostnames: ['gxml-2'],
        connected: true,
        state: 5,
        stateStr: 'Sent and Received peer request',
      },
      {
        uuid: 'b',
        hostname: 'gxml-3',
        hostnames: ['gxml-3'],
        connected: true,
        state: 6,
        stateStr: 'Peer Rejected',
      },
    ];
    const plan = planPeers(SPEC, peers);
    expect(plan.members.map((member) => member.state)).toEqual(['self', 'joining', 'rejected']);
    expect(plan.rejected).toEqual(['gxml-3']);
    expect(plan.toProbe).toEqual([]);
    expect(plan.allInCluster).toBe(false);
  });
});

describe('findPeer', () => {
  it('matches any known name of a peer, case-insensitively', () => {
    const peer: PeerInfo = {
      uuid: 'u',
      hostname: '10.0.0.2',
      hostnames: ['10.0.0.2', 'Node-2'],
      connected: true,
      state: 3,
      stateStr: 'Peer in Cluster',
    };
    expect(findPeer([peer], 'node-2')).toBe(peer);
    expect(findPeer([peer], 'node-3')).toBeUndefined();
  });
});
