import { describe, expect, it } from 'vitest';
import type { PeerInfo } from '../cli/peers.js';
import type { VolumeInfo } from '../cli/volumes.js';
import { planReplacement, type SurvivorView } from './replacement-plan.js';

const BRICK = '/gluster_volume/brick';

function peer(uuid: string, hostname: string, connected: boolean): PeerInfo {
  return {
    uuid,
    hostname,
    hostnames: [hostname],
    connected,
    state: hostname === 'localhost' ? -1 : 3,
    stateStr: '',
  };
}

function volume(status: VolumeInfo['status'] = 'Started'): VolumeInfo {
  return {
    name: 'ranchervol',
    id: 'vol-id',
    status,
    type: 'Replicate',
    brickCount: 2,
    replicaCount: 2,
    arbiterCount: 0,
    bricks: [
      { host: 'gluster01', path: BRICK, isArbiter: false, hostUuid: 'uuid-1' },
      { host: 'gluster02', path: BRICK, isArbiter: false, hostUuid: 'uuid-2' },
    ],
    options: {},
  };
}

/** gluster01's answers: itself as localhost, gluster02 `connected` or not, its own brick `online`. */
function gluster01(
  options: { gluster02Connected?: boolean; online?: boolean; status?: VolumeInfo['status'] } = {},
): SurvivorView {
  return {
    asked: 'gluster01',
    pool: [
      peer('uuid-2', 'gluster02', options.gluster02Connected ?? false),
      peer('uuid-1', 'localhost', true),
    ],
    volume: volume(options.status),
    status: {
      volume: 'ranchervol',
      bricks: [
        {
          host: 'gluster01',
          path: BRICK,
          peerId: 'uuid-1',
          online: options.online ?? true,
          pid: 1,
          port: 49152,
        },
      ],
      daemons: [],
    },
  };
}

describe('planReplacement', () => {
  it("takes the lost node's UUID and befriends the survivor under the name it was asked by", () => {
    expect(planReplacement('gluster02', BRICK, [gluster01()], true)).toEqual({
      kind: 'replace',
      oldUuid: 'uuid-2',
      members: [{ uuid: 'uuid-1', hostname: 'gluster01' }],
      brick: `gluster02:${BRICK}`,
    });
  });

  it('is no replacement without a volume, or when the volume has no brick of this name (a new node)', () => {
    expect(planReplacement('gluster02', BRICK, [], true)).toMatchObject({ kind: 'none' });
    expect(planReplacement('gluster02', BRICK, [{ ...gluster01(), volume: undefined }], true)).toMatchObject({
      kind: 'none',
    });
    expect(planReplacement('gluster03', BRICK, [gluster01()], true)).toMatchObject({
      kind: 'none',
      why: `volume ranchervol has no brick gluster03:${BRICK}`,
    });
  });

  it('refuses while a node of that name is still connected elsewhere: two nodes under one UUID would corrupt the pool', () => {
    const plan = planReplacement('gluster02', BRICK, [gluster01({ gluster02Connected: true })], false);
    expect(plan).toMatchObject({ kind: 'refused' });
    expect(plan.kind === 'refused' && plan.problem).toMatch(/still connected to the pool/);
  });

  it('takes "connected" for the survivors reaching this container while its name leads only here', () => {
    const plan = planReplacement('gluster02', BRICK, [gluster01({ gluster02Connected: true })], true);
    expect(plan).toMatchObject({ kind: 'replace', oldUuid: 'uuid-2' });
  });

  it('refuses while a copy it would be rebuilt from is missing, naming it', () => {
    const offline = planReplacement('gluster02', BRICK, [gluster01({ online: false })], true);
    expect(offline.kind === 'refused' && offline.problem).toMatch(`brick gluster01:${BRICK} is offline`);
    const stopped = planReplacement('gluster02', BRICK, [gluster01({ status: 'Stopped' })], true);
    expect(stopped.kind === 'refused' && stopped.problem).toMatch('volume ranchervol is Stopped');
  });
});
