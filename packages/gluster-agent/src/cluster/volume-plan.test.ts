import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { parseVolumeInfo, type VolumeInfo } from '../cli/volumes.js';
import { accessVolumeOptions } from '../volume/default-options.js';
import { CLUSTER_ERROR_CODES } from './errors.js';
import type { ClusterSpec } from './spec.js';
import { findVolumeConflicts, plannedVolumeCreate, planOptions, volumeConflictError } from './volume-plan.js';

const volumeOf = (name: string): VolumeInfo => parseVolumeInfo(envelopeOf(name))[0] as VolumeInfo;

const GV3: ClusterSpec = {
  self: 'gxml-3',
  members: ['gxml-2', 'gxml-1'],
  volumeName: 'gv3',
  replica: 3,
  arbiter: 0,
  brickPath: '/gluster_volume/brick',
  brickOnRootFs: false,
};

describe('plannedVolumeCreate', () => {
  it('orders bricks by host and asks for force only when the brick is on the root file system', () => {
    expect(plannedVolumeCreate(GV3)).toEqual({
      name: 'gv3',
      replica: 3,
      arbiter: 0,
      bricks: [1, 2, 3].map((n) => ({ host: `gxml-${n}`, path: '/gluster_volume/brick' })),
      force: false,
    });
    expect(plannedVolumeCreate({ ...GV3, brickOnRootFs: true }).force).toBe(true);
  });

  it('computes the same request on every node', () => {
    const requests = ['gxml-1', 'gxml-2', 'gxml-3'].map((self) =>
      JSON.stringify(plannedVolumeCreate({ ...GV3, self, members: ['gxml-3', 'gxml-1', 'gxml-2'] })),
    );
    expect(new Set(requests).size).toBe(1);
  });
});

describe('findVolumeConflicts', () => {
  it('finds no conflict for the volume created from the same spec', () => {
    expect(findVolumeConflicts(GV3, volumeOf('volume-info-replica3'))).toEqual([]);
  });

  it('finds no conflict for an arbiter volume whose arbiter is the last sorted host', () => {
    const spec = { ...GV3, volumeName: 'gva', arbiter: 1, brickPath: '/srv/arb' };
    expect(findVolumeConflicts(spec, volumeOf('volume-info-arbiter'))).toEqual([]);
  });

  it('ignores brick order inside a replica set', () => {
    const actual = volumeOf('volume-info-replica3');
    expect(findVolumeConflicts(GV3, { ...actual, bricks: [...actual.bricks].reverse() })).toEqual([]);
  });

  it('reports a different replica count and brick set', () => {
    const spec = { ...GV3, volumeName: 'gv2', brickPath: '/srv/brick-r2' };
    expect(findVolumeConflicts(spec, volumeOf('volume-info-replica2'))).toEqual([
      { field: 'replica', expected: '3', actual: '2' },
      {
        field: 'bricks',
        expected: 'gxml-1:/srv/brick-r2|gxml-2:/srv/brick-r2|gxml-3:/srv/brick-r2',
        actual: 'gxml-1:/srv/brick-r2|gxml-2:/srv/brick-r2',
      },
    ]);
  });

  it('reports a missing arbiter and a different brick path', () => {
    const spec = { ...GV3, arbiter: 1 };
    const conflicts = findVolumeConflicts(spec, volumeOf('volume-info-arbiter'));
    expect(conflicts.map((conflict) => conflict.field)).toEqual(['bricks']);
    expect(findVolumeConflicts(spec, volumeOf('volume-info-replica3'))).toEqual([
      { field: 'arbiter', expected: '1', actual: '0' },
      {
        field: 'bricks',
        expected: 'gxml-1:/gluster_volume/brick|gxml-2:/gluster_volume/brick|gxml-3:/gluster_volume/brick*',
        actual: 'gxml-1:/gluster_volume/brick|gxml-2:/gluster_volume/brick|gxml-3:/gluster_volume/brick',
      },
    ]);
  });
});

describe('volumeConflictError', () => {
  it('names the volume, every difference and the fix', () => {
    const error = volumeConflictError(GV3, [{ field: 'replica', expected: '3', actual: '2' }]);
    expect(error.code).toBe('GA_VOLUME_CONFLICT');
    expect(error.conflicts).toHaveLength(1);
    expect(error.message).toBe(
      'Volume `gv3` already exists with a different layout (replica: expected 3, found 2). The agent does not ' +
        'modify existing volumes: configure another volume name, or migrate or delete the existing volume by hand.',
    );
  });

  it('is one of the documented cluster error codes', () => {
    expect(Object.keys(CLUSTER_ERROR_CODES)).toContain('GA_VOLUME_CONFLICT');
    for (const text of Object.values(CLUSTER_ERROR_CODES)) expect(text.length).toBeGreaterThan(40);
  });
});

describe('planOptions', () => {
  const keysOf = (options: { key: string; value: string }[]) =>
    options.map(({ key, value }) => `${key}=${value}`);

  it('sets every HA default on a volume that has none of them, and remembers them', () => {
    const plan = planOptions(GV3, volumeOf('volume-info-replica3'), {});
    expect(keysOf(plan.toSet)).toEqual([
      'network.ping-timeout=5',
      'cluster.self-heal-daemon=on',
      'cluster.heal-timeout=10',
      'cluster.quorum-type=auto',
    ]);
    expect(plan.applied).toEqual(Object.fromEntries(plan.toSet.map(({ key, value }) => [key, value])));
    expect(plan.leftAlone).toEqual([]);
  });

  const TLS_PATHS = {
    certificate: '/etc/ssl/glusterfs.pem',
    privateKey: '/etc/ssl/glusterfs.key',
    caList: '/etc/ssl/glusterfs.ca',
  };
  const WITH_TLS: ClusterSpec = {
    ...GV3,
    access: accessVolumeOptions({ tls: 'on', authAllow: [], paths: TLS_PATHS }),
  };

  it('sets TLS (explicit certificate paths, client and server ssl, any stack-CA certificate) before the first start', () => {
    const plan = planOptions(WITH_TLS, undefined, {});
    expect(keysOf(plan.toSet)).toEqual(
      expect.arrayContaining([
        'ssl.own-cert=/etc/ssl/glusterfs.pem',
        'ssl.private-key=/etc/ssl/glusterfs.key',
        'ssl.ca-list=/etc/ssl/glusterfs.ca',
        'client.ssl=on',
        'server.ssl=on',
        'auth.ssl-allow=*',
      ]),
    );
    expect(plan.startedWithout).toEqual([]);
  });

  it('never switches TLS under the running bricks of a started volume, and reports what is missing', () => {
    const started = volumeOf('volume-info-replica3');
    expect(started.status).toBe('Started');
    const plan = planOptions(WITH_TLS, started, {});
    expect(keysOf(plan.toSet)).not.toContain('client.ssl=on');
    expect(keysOf(plan.toSet)).not.toContain('server.ssl=on');
    expect(keysOf(plan.toSet)).toContain('auth.ssl-allow=*');
    expect(plan.startedWithout.map((m) => m.key)).toEqual([
      'ssl.own-cert',
      'ssl.private-key',
      'ssl.ca-list',
      'client.ssl',
      'server.ssl',
    ]);
  });

  it('with TLS off limits mounts to the listed addresses in one auth.allow value', () => {
    const spec: ClusterSpec = {
      ...GV3,
      access: accessVolumeOptions({ tls: 'off', authAllow: ['172.18.0.*', '10.0.0.5'], paths: TLS_PATHS }),
    };
    expect(keysOf(planOptions(spec, undefined, {}).toSet)).toContain('auth.allow=172.18.0.*,10.0.0.5');
  });

  it('leaves alone a value someone else set, reporting it once, and lets configuration add new options', () => {
    const actual = volumeOf('volume-info-replica3');
    const volume = {
      ...actual,
      options: { ...actual.options, 'network.ping-timeout': '5', 'cluster.quorum-type': 'auto' },
    };
    const spec = { ...GV3, options: { 'network.ping-timeout': '10', 'performance.cache-size': '64MB' } };
    const plan = planOptions(spec, volume, {});
    expect(keysOf(plan.toSet)).toEqual([
      'cluster.self-heal-daemon=on',
      'cluster.heal-timeout=10',
      'performance.cache-size=64MB',
    ]);
    expect(plan.leftAlone).toEqual([{ key: 'network.ping-timeout', configured: '10', actual: '5' }]);
    // Accepted once: the next round neither sets it nor reports it again.
    const next = planOptions(spec, volume, plan.applied);
    expect(next.leftAlone).toEqual([]);
    expect(next.toSet).toEqual([]);
  });

  it('never reverts an option an operator changed after the agent applied it', () => {
    const applied = planOptions(GV3, volumeOf('volume-info-replica3'), {}).applied;
    const actual = volumeOf('volume-info-replica3');
    const byHand = { ...actual, options: { ...actual.options, ...applied, 'network.ping-timeout': '42' } };
    const plan = planOptions(GV3, byHand, applied);
    expect(plan.toSet).toEqual([]);
    expect(plan.leftAlone).toEqual([]);
  });

  it('applies a value whose configuration changed since this node last applied one', () => {
    const applied = planOptions(GV3, volumeOf('volume-info-replica3'), {}).applied;
    const actual = volumeOf('volume-info-replica3');
    const volume = { ...actual, options: { ...actual.options, ...applied } };
    const plan = planOptions({ ...GV3, options: { 'network.ping-timeout': '10' } }, volume, applied);
    expect(keysOf(plan.toSet)).toEqual(['network.ping-timeout=10']);
  });

  it('lets two nodes configured differently settle without taking turns', () => {
    const actual = volumeOf('volume-info-replica3');
    const nodeA = { ...GV3, options: { 'network.ping-timeout': '7' } };
    const nodeB = { ...GV3, options: { 'network.ping-timeout': '9' } };
    const afterA = planOptions(nodeA, actual, {});
    const volume = {
      ...actual,
      options: Object.fromEntries(afterA.toSet.map(({ key, value }) => [key, value])),
    };
    const firstB = planOptions(nodeB, volume, {});
    expect(firstB.toSet).toEqual([]);
    expect(firstB.leftAlone).toEqual([{ key: 'network.ping-timeout', configured: '9', actual: '7' }]);
    expect(planOptions(nodeA, volume, afterA.applied).toSet).toEqual([]);
    expect(planOptions(nodeB, volume, firstB.applied).toSet).toEqual([]);
  });
});
