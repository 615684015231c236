import { describe, expect, it } from 'vitest';
import { ClusterError } from './errors.js';
import { brickHosts, type ClusterSpec, plannedBricks, validateClusterSpec } from './spec.js';

const SPEC: ClusterSpec = {
  self: 'gxml-2',
  members: ['gxml-3', 'gxml-1'],
  volumeName: 'gv0',
  replica: 3,
  arbiter: 0,
  brickPath: '/gluster_volume/brick',
  brickOnRootFs: false,
};

describe('brickHosts', () => {
  it('includes self, removes duplicates case-insensitively and sorts', () => {
    expect(brickHosts({ ...SPEC, members: ['GXML-3', 'gxml-1', 'gxml-2', 'gxml-3'] })).toEqual([
      'gxml-1',
      'gxml-2',
      'gxml-3',
    ]);
  });

  it('gives every node the same order whichever node computes it', () => {
    const fromEachNode = ['gxml-1', 'gxml-2', 'gxml-3'].map((self) =>
      brickHosts({ ...SPEC, self, members: ['gxml-3', 'gxml-2', 'gxml-1'].filter((host) => host !== self) }),
    );
    expect(new Set(fromEachNode.map((hosts) => hosts.join()))).toEqual(new Set(['gxml-1,gxml-2,gxml-3']));
  });
});

describe('plannedBricks', () => {
  it('marks no arbiter without one', () => {
    expect(plannedBricks(SPEC).map((brick) => brick.isArbiter)).toEqual([false, false, false]);
  });

  it('makes the last host of each replica set the arbiter', () => {
    expect(plannedBricks({ ...SPEC, arbiter: 1 })).toEqual([
      { host: 'gxml-1', path: '/gluster_volume/brick', isArbiter: false },
      { host: 'gxml-2', path: '/gluster_volume/brick', isArbiter: false },
      { host: 'gxml-3', path: '/gluster_volume/brick', isArbiter: true },
    ]);
  });
});

describe('validateClusterSpec', () => {
  it('accepts replica 2, replica 3 and replica 3 arbiter 1', () => {
    expect(() => validateClusterSpec(SPEC)).not.toThrow();
    expect(() => validateClusterSpec({ ...SPEC, arbiter: 1 })).not.toThrow();
    expect(() => validateClusterSpec({ ...SPEC, replica: 2, members: ['gxml-1'] })).not.toThrow();
  });

  it.each([
    [{ replica: 1 }, /`replica` to be an integer >= 2/],
    [{ replica: 2, arbiter: 1, members: ['gxml-1'] }, /`arbiter` to be 0, or 1 with replica 3/],
    [
      { members: ['gxml-1'] },
      /`members` to be a multiple of replica 3 hosts \(self included\), one brick each, got `gxml-1,gxml-2`/,
    ],
    [{ brickPath: 'brick' }, /`brickPath` to be an absolute directory/],
    [{ brickPath: '/' }, /`brickPath`/],
    [{ volumeName: '-x' }, /`volumeName`/],
  ])('rejects %o with GA_CLUSTER_SPEC_INVALID', (change, message) => {
    const act = () => validateClusterSpec({ ...SPEC, ...change });
    expect(act).toThrow(ClusterError);
    expect(act).toThrow(message);
  });
});
