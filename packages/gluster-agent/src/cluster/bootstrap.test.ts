import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { type PeerInfo, parsePeers } from '../cli/peers.js';
import { parseVolumeStatus } from '../cli/volume-status.js';
import { parseVolumeInfo, type VolumeInfo } from '../cli/volumes.js';
import { brickAvailability } from '../volume/brick-availability.js';
import { haVolumeOptions } from '../volume/default-options.js';
import {
  type BootstrapAction,
  type ClusterObservation,
  type DecisionContext,
  decideBootstrap,
} from './bootstrap.js';
import { ClusterError } from './errors.js';
import type { ClusterSpec } from './spec.js';

const peersOf = (name: string): PeerInfo[] => parsePeers(envelopeOf(name));
const volumeOf = (name: string): VolumeInfo => parseVolumeInfo(envelopeOf(name))[0] as VolumeInfo;
const kinds = (actions: BootstrapAction[]) => actions.map((action) => action.kind);

const SPEC: ClusterSpec = {
  self: 'gxml-1',
  members: ['gxml-2', 'gxml-3'],
  volumeName: 'gv3',
  replica: 3,
  arbiter: 0,
  brickPath: '/gluster_volume/brick',
  brickOnRootFs: false,
};

// The replica 3 volume with every HA option already applied.
function configured(volume: VolumeInfo): VolumeInfo {
  const options = { ...volume.options };
  for (const option of haVolumeOptions(3, 0)) options[option.key] = option.value;
  return { ...volume, options };
}

/**
 * decideBootstrap with this node's brick as a healthy node has it (stamped for the observed
 * volume, missing before one exists), no reset in progress, and creation allowed.
 */
function decide(
  spec: ClusterSpec,
  observed: Omit<ClusterObservation, 'localBrick' | 'bricksBeingReset'> & Partial<ClusterObservation>,
  context: Partial<DecisionContext> = {},
) {
  return decideBootstrap(
    spec,
    {
      localBrick: observed.volume ? { kind: 'stamped', volumeId: observed.volume.id } : { kind: 'missing' },
      bricksBeingReset: [],
      ...observed,
    },
    { mayCreate: true, appliedOptions: {}, ...context },
  );
}

describe('decideBootstrap', () => {
  it('probes the other members first and does not create the volume yet', () => {
    const decision = decide(SPEC, { peers: peersOf('peer-status-0-peers'), volume: undefined });
    expect(decision.phase).toBe('joining-peers');
    expect(decision.actions).toEqual([
      { kind: 'probe-peer', host: 'gxml-2' },
      { kind: 'probe-peer', host: 'gxml-3' },
    ]);
  });

  it('waits without acting while a peer is disconnected and the volume does not exist', () => {
    const decision = decide(SPEC, {
      peers: peersOf('peer-status-1-disconnected'),
      volume: undefined,
    });
    expect(decision.phase).toBe('waiting-for-peers');
    expect(decision.actions).toEqual([]);
    expect(decision.notes).toContain('Peer gxml-3 is disconnected (Peer in Cluster).');
  });

  it('creates, configures (all options in one step) and then starts the volume once every peer is in the cluster', () => {
    const decision = decide(SPEC, { peers: peersOf('peer-status-2-peers'), volume: undefined });
    expect(decision.phase).toBe('creating-volume');
    expect(kinds(decision.actions)).toEqual(['create-volume', 'set-options', 'start-volume']);
    expect(decision.actions[1]).toEqual({ kind: 'set-options', name: 'gv3', options: haVolumeOptions(3, 0) });
    expect(decision.actions[0]).toEqual({
      kind: 'create-volume',
      request: {
        name: 'gv3',
        replica: 3,
        arbiter: 0,
        bricks: [1, 2, 3].map((n) => ({ host: `gxml-${n}`, path: '/gluster_volume/brick' })),
        force: false,
      },
    });
  });

  it('plans the identical create request on two nodes bootstrapping at the same time', () => {
    const fromNode1 = decide(SPEC, { peers: peersOf('peer-status-2-peers'), volume: undefined });
    const fromNode3 = decide(
      { ...SPEC, self: 'gxml-3', members: ['gxml-1', 'gxml-2'] },
      {
        peers: [
          {
            uuid: '1',
            hostname: 'gxml-1',
            hostnames: ['gxml-1'],
            connected: true,
            state: 3,
            stateStr: 'Peer in Cluster',
          },
          {
            uuid: '2',
            hostname: 'gxml-2',
            hostnames: ['gxml-2'],
            connected: true,
            state: 3,
            stateStr: 'Peer in Cluster',
          },
        ],
        volume: undefined,
      },
    );
    expect(fromNode3.actions[0]).toEqual(fromNode1.actions[0]);
  });

  it('starts a created volume that matches the spec', () => {
    const decision = decide(SPEC, {
      peers: peersOf('peer-status-2-peers'),
      volume: configured({ ...volumeOf('volume-info-replica3'), status: 'Created' }),
    });
    expect(decision.phase).toBe('starting-volume');
    expect(decision.actions).toEqual([
      {
        kind: 'start-volume',
        name: 'gv3',
        force: false,
        reason: 'Volume is Created; clients can only mount a started volume.',
      },
    ]);
  });

  it('sets the missing options of a created volume before starting it', () => {
    const decision = decide(SPEC, {
      peers: peersOf('peer-status-2-peers'),
      volume: { ...volumeOf('volume-info-replica3'), status: 'Created' },
    });
    expect(decision.phase).toBe('starting-volume');
    expect(kinds(decision.actions)).toEqual(['set-options', 'start-volume']);
  });

  it('leaves a created volume to the connected peer that created it when this node adopted it', () => {
    const volume: VolumeInfo = { ...volumeOf('volume-info-replica3'), status: 'Created' };
    const decision = decide({ ...SPEC, adopted: true }, { peers: peersOf('peer-status-2-peers'), volume });
    expect(decision.phase).toBe('starting-volume');
    expect(decision.actions).toEqual([]);
    expect(decision.notes).toContain('Volume gv3 is Created: the peer that created it is starting it.');
  });

  it('configures and starts a created volume itself when no peer that could is connected', () => {
    const volume: VolumeInfo = { ...volumeOf('volume-info-replica3'), status: 'Created' };
    const peers = peersOf('peer-status-2-peers').map((peer) => ({ ...peer, connected: false }));
    const decision = decide({ ...SPEC, adopted: true }, { peers, volume });
    expect(kinds(decision.actions)).toEqual(['set-options', 'start-volume']);
  });

  it('sets only the missing HA options on a started volume', () => {
    const decision = decide(SPEC, {
      peers: peersOf('peer-status-2-peers'),
      volume: volumeOf('volume-info-replica3'),
    });
    expect(decision.phase).toBe('configuring-volume');
    const [setOptions] = decision.actions;
    expect(decision.actions).toHaveLength(1);
    expect(
      setOptions?.kind === 'set-options' && setOptions.options.map(({ key, value }) => `${key}=${value}`),
    ).toEqual([
      'network.ping-timeout=5',
      'cluster.self-heal-daemon=on',
      'cluster.heal-timeout=10',
      'cluster.quorum-type=auto',
    ]);
  });

  it('is ready with nothing to do when the volume is started, configured and every brick runs', () => {
    const volume = configured(volumeOf('volume-info-replica3'));
    const bricks = brickAvailability(volume, parseVolumeStatus(envelopeOf('volume-status-all-online')));
    const decision = decide(SPEC, { peers: peersOf('peer-status-2-peers'), volume, bricks });
    expect(decision).toMatchObject({ phase: 'ready', actions: [], notes: [] });
    expect(decision.error).toBeUndefined();
  });

  it('restarts a dead local brick with start force', () => {
    const volume = configured(volumeOf('volume-info-replica3'));
    const bricks = brickAvailability(
      volume,
      parseVolumeStatus(envelopeOf('volume-status-brick-process-killed')),
    );
    const decision = decide(
      { ...SPEC, self: 'gxml-2', members: ['gxml-1', 'gxml-3'] },
      {
        peers: [
          {
            uuid: '1',
            hostname: 'gxml-1',
            hostnames: ['gxml-1'],
            connected: true,
            state: 3,
            stateStr: 'Peer in Cluster',
          },
          {
            uuid: '3',
            hostname: 'gxml-3',
            hostnames: ['gxml-3'],
            connected: true,
            state: 3,
            stateStr: 'Peer in Cluster',
          },
        ],
        volume,
        bricks,
      },
    );
    expect(decision.phase).toBe('starting-volume');
    expect(decision.actions).toEqual([
      expect.objectContaining({ kind: 'start-volume', name: 'gv3', force: true }),
    ]);
  });

  it('only reports a remote brick that is down, since its own node restarts it', () => {
    const volume = configured(volumeOf('volume-info-replica3'));
    const bricks = brickAvailability(volume, parseVolumeStatus(envelopeOf('volume-status-one-brick-down')));
    const decision = decide(SPEC, { peers: peersOf('peer-status-1-disconnected'), volume, bricks });
    expect(decision.phase).toBe('ready');
    expect(decision.actions).toEqual([]);
    expect(decision.notes).toEqual([
      'Peer gxml-3 is disconnected (Peer in Cluster).',
      'Brick gxml-3:/gluster_volume/brick is offline (unreported).',
    ]);
  });

  it('reports a conflict, and plans no volume action, when the volume exists with another layout', () => {
    const spec = { ...SPEC, volumeName: 'gv2', brickPath: '/srv/brick-r2' };
    const decision = decide(spec, {
      peers: peersOf('peer-status-2-peers'),
      volume: volumeOf('volume-info-replica2'),
    });
    expect(decision.phase).toBe('conflict');
    expect(decision.actions).toEqual([]);
    expect(decision.error).toBeInstanceOf(ClusterError);
    expect(decision.error?.code).toBe('GA_VOLUME_CONFLICT');
    expect(decision.error?.conflicts.map((conflict) => conflict.field)).toEqual(['replica', 'bricks']);
  });

  it('asks for force in the create request when the brick is on the root file system', () => {
    const decision = decide(
      { ...SPEC, brickOnRootFs: true },
      { peers: peersOf('peer-status-2-peers'), volume: undefined },
    );
    const create = decision.actions[0];
    expect(create?.kind === 'create-volume' && create.request.force).toBe(true);
  });

  it('reports a rejected peer with GA_PEER_REJECTED and keeps waiting', () => {
    const peers: PeerInfo[] = [
      ...peersOf('peer-status-1-peer'),
      {
        uuid: 'x',
        hostname: 'gxml-3',
        hostnames: ['gxml-3'],
        connected: true,
        state: 6,
        stateStr: 'Peer Rejected',
      },
    ];
    const decision = decide(SPEC, { peers, volume: undefined });
    expect(decision.phase).toBe('waiting-for-peers');
    expect(decision.error?.code).toBe('GA_PEER_REJECTED');
    expect(decision.error?.message).toContain('gxml-3');
  });

  it('rejects an invalid spec before deciding anything', () => {
    expect(() => decide({ ...SPEC, replica: 2 }, { peers: [], volume: undefined })).toThrow(
      /multiple of replica 2/,
    );
  });

  describe('safe creation', () => {
    const complete = () => ({ peers: peersOf('peer-status-2-peers'), volume: undefined });

    it('waits for the designated creator instead of creating when it is not its turn', () => {
      const decision = decide(SPEC, complete(), { mayCreate: false });
      expect(decision).toMatchObject({ phase: 'waiting-for-creator', actions: [], poolComplete: true });
    });

    it('does not create while a node of the pool outside the layout is disconnected', () => {
      const straggler: PeerInfo = {
        uuid: 'x',
        hostname: 'gxml-9',
        hostnames: ['gxml-9'],
        connected: false,
        state: 3,
        stateStr: 'Peer in Cluster',
      };
      const decision = decide(SPEC, {
        peers: [...peersOf('peer-status-2-peers'), straggler],
        volume: undefined,
      });
      expect(decision.phase).toBe('waiting-for-peers');
      expect(kinds(decision.actions)).toEqual([]);
      expect(decision.notes.join(' ')).toContain('gxml-9');
    });

    it('never creates over a brick stamped for a volume nobody in the complete pool knows', () => {
      const decision = decide(SPEC, { ...complete(), localBrick: { kind: 'stamped', volumeId: 'old-id' } });
      expect(decision.phase).toBe('blocked');
      expect(decision.actions).toEqual([]);
      expect(decision.error?.code).toBe('GA_BRICK_ORPHANED');
      expect(decision.error?.message).toContain('old-id');
    });

    it("waits, without an error, for a disconnected peer that may bring back a stamped brick's volume", () => {
      const decision = decide(SPEC, {
        peers: peersOf('peer-status-1-disconnected'),
        volume: undefined,
        localBrick: { kind: 'stamped', volumeId: 'old-id' },
      });
      expect(decision.phase).toBe('waiting-for-peers');
      expect(decision.error).toBeUndefined();
    });

    it('never creates on a brick directory that holds files', () => {
      const decision = decide(SPEC, { ...complete(), localBrick: { kind: 'fresh', entries: 3 } });
      expect(decision).toMatchObject({ phase: 'blocked', actions: [] });
      expect(decision.error?.code).toBe('GA_BRICK_NOT_EMPTY');
    });
  });

  describe('operators win', () => {
    const peers = () => peersOf('peer-status-2-peers');
    const killed = (volume: VolumeInfo) =>
      brickAvailability(volume, parseVolumeStatus(envelopeOf('volume-status-brick-process-killed')));
    const gxml2 = { ...SPEC, self: 'gxml-2', members: ['gxml-1', 'gxml-3'] };
    const peersOfGxml2: PeerInfo[] = ['gxml-1', 'gxml-3'].map((host, i) => ({
      uuid: String(i),
      hostname: host,
      hostnames: [host],
      connected: true,
      state: 3,
      stateStr: 'Peer in Cluster',
    }));

    it('leaves a volume an operator stopped stopped, and says how to start it', () => {
      const volume = { ...configured(volumeOf('volume-info-replica3')), status: 'Stopped' as const };
      const decision = decide(SPEC, { peers: peers(), volume });
      expect(decision).toMatchObject({ phase: 'stopped', actions: [] });
      expect(decision.notes.join(' ')).toContain('gluster volume start gv3');
    });

    it('does not force-start a local brick an operator is resetting', () => {
      const volume = configured(volumeOf('volume-info-replica3'));
      const decision = decide(gxml2, {
        peers: peersOfGxml2,
        volume,
        bricks: killed(volume),
        bricksBeingReset: ['gxml-2:/gluster_volume/brick'],
      });
      expect(decision.actions).toEqual([]);
      expect(decision.notes.join(' ')).toContain('being reset by an operator');
    });

    it('does not force-start an emptied local brick, which would serve it as if whole', () => {
      const volume = configured(volumeOf('volume-info-replica3'));
      const decision = decide(gxml2, {
        peers: peersOfGxml2,
        volume,
        bricks: killed(volume),
        localBrick: { kind: 'fresh', entries: 0 },
      });
      expect(decision.actions).toEqual([]);
      expect(decision.notes.join(' ')).toContain('reset-brick gv3 gxml-2:/gluster_volume/brick start');
    });

    it('leaves an option set by hand alone once this node applied its own value', () => {
      const volume = configured(volumeOf('volume-info-replica3'));
      const applied = Object.fromEntries(haVolumeOptions(3, 0).map(({ key, value }) => [key, value]));
      const byHand = { ...volume, options: { ...volume.options, 'network.ping-timeout': '42' } };
      const decision = decide(SPEC, { peers: peers(), volume: byHand }, { appliedOptions: applied });
      expect(decision.actions).toEqual([]);
    });
  });

  describe('identity', () => {
    it('finds its brick recorded under its name while it knows itself by address (same node UUID)', () => {
      const volume = configured(volumeOf('volume-info-replica3'));
      const spec = { ...SPEC, self: '10.42.0.7' };
      const keyOf = (host: string) =>
        ['10.42.0.7', 'gxml-1'].includes(host) ? 'uuid:9eeb2a18-d025-47f9-ba2b-3450f406875e' : `host:${host}`;
      expect(decide(spec, { peers: peersOf('peer-status-2-peers'), volume }).phase).toBe('conflict');
      const decision = decide(spec, { peers: peersOf('peer-status-2-peers'), volume }, { nodeKeyOf: keyOf });
      expect(decision.phase).not.toBe('conflict');
      expect(decision.error).toBeUndefined();
    });
  });

  it('compares bricks again after probing a member glusterd does not know by its configured name yet', () => {
    const volume = configured(volumeOf('volume-info-replica3'));
    // gxml-3 is configured as "storage-c": glusterd knows it only as gxml-3 until probed so.
    const spec = { ...SPEC, members: ['gxml-2', 'storage-c'] };
    const decision = decide(spec, { peers: peersOf('peer-status-2-peers'), volume });
    expect(decision.phase).toBe('joining-peers');
    expect(decision.error).toBeUndefined();
    expect(decision.actions).toEqual([{ kind: 'probe-peer', host: 'storage-c' }]);
  });
});
