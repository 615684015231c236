import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { PEER_STATE, parsePeers, parseProbe } from './peers.js';

const GXML_2 = '42ad5822-8e3e-4f93-94af-9d70d4e54268';

describe('parsePeers', () => {
  it('returns no peers for the empty <peerStatus/> of a fresh node', () => {
    expect(parsePeers(envelopeOf('peer-status-0-peers'))).toEqual([]);
  });

  it('lists only this node as localhost, connected and without state, in a fresh pool list', () => {
    expect(parsePeers(envelopeOf('pool-list-0-peers'))).toEqual([
      {
        uuid: '9eeb2a18-d025-47f9-ba2b-3450f406875e',
        hostname: 'localhost',
        hostnames: ['localhost'],
        connected: true,
        state: -1,
        stateStr: '',
      },
    ]);
  });

  it('reads one connected Peer in Cluster from peer status', () => {
    expect(parsePeers(envelopeOf('peer-status-1-peer'))).toEqual([
      {
        uuid: GXML_2,
        hostname: 'gxml-2',
        hostnames: ['gxml-2'],
        connected: true,
        state: PEER_STATE.peerInCluster,
        stateStr: 'Peer in Cluster',
      },
    ]);
  });

  it('reads two peers from peer status and three nodes, localhost last, from pool list', () => {
    expect(parsePeers(envelopeOf('peer-status-2-peers')).map((peer) => peer.hostname)).toEqual([
      'gxml-2',
      'gxml-3',
    ]);
    expect(parsePeers(envelopeOf('pool-list-2-peers')).map((peer) => peer.hostname)).toEqual([
      'gxml-2',
      'gxml-3',
      'localhost',
    ]);
  });

  it('reports a stopped peer as still Peer in Cluster but not connected', () => {
    const gxml3 = parsePeers(envelopeOf('peer-status-1-disconnected')).find(
      (peer) => peer.hostname === 'gxml-3',
    );
    expect(gxml3).toMatchObject({ connected: false, state: 3, stateStr: 'Peer in Cluster' });
  });

  it('shows that the probed node knows its prober by the reverse-DNS name, not the probed name', () => {
    const [prober] = parsePeers(envelopeOf('peer-status-1-peer-from-probed'));
    expect(prober?.hostname).toBe('gxml-1.gxml-capture');
    expect(prober?.hostnames).toEqual(['gxml-1.gxml-capture']);
  });
});

describe('parseProbe', () => {
  it.each([
    ['peer-probe-success', 'probed', 'success'],
    ['peer-probe-self', 'self', 'Probe on localhost not needed'],
    ['peer-probe-localhost', 'self', 'Probe on localhost not needed'],
    ['peer-probe-already-in-pool', 'already-in-pool', 'Host gxml-2 port 24007 already in peer list'],
  ])('reads %s as outcome %s', (name, outcome, message) => {
    expect(parseProbe(envelopeOf(name))).toEqual({ outcome, message });
  });
});
