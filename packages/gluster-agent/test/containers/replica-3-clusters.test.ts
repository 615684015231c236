import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { parseBrickStatus, parsePeerStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

const ALIASES = ['gluster01', 'gluster02', 'gluster03'] as const;
const clusters: { replica3?: GlusterCluster; arbiter?: GlusterCluster } = {};

/** gluster01 and gluster02 wait to be probed; gluster03 lists both and creates the volume. */
function threeNodes(env: Record<string, string>) {
  return [
    { alias: 'gluster01', env },
    { alias: 'gluster02', env },
    { alias: 'gluster03', env: { ...env, GLUSTER_PEER: 'gluster01,gluster02' } },
  ];
}

/** Asserts what every node of a formed 3-node cluster sees: 2 connected peers, bricks online. */
async function expectFormed(cluster: GlusterCluster): Promise<void> {
  for (const alias of ALIASES) {
    const node = cluster.node(alias);
    const peers = parsePeerStatus(await glusterXmlOk(node, ['peer', 'status']));
    expect(peers.map((peer) => peer.hostname).sort()).toEqual(ALIASES.filter((other) => other !== alias));
    expect(peers.every((peer) => peer.connected && peer.state === 3)).toBe(true);
    const bricks = parseBrickStatus(await glusterXmlOk(node, ['volume', 'status', 'ranchervol']));
    expect(bricks).toHaveLength(3);
    expect(bricks.every((brick) => brick.online)).toBe(true);
  }
}

// One cluster after the other: on a shared 2-core engine six glusterds at once are no faster.
describe('a 3-node replica-3 cluster', () => {
  beforeAll(async () => {
    clusters.replica3 = await startGlusterCluster({ nodes: threeNodes({ GLUSTER_REPLICA: '3' }) });
  });
  afterAll(async () => {
    await clusters.replica3?.stop();
  });

  it('forms one started replica-3 volume with one data brick per node and no arbiter', async () => {
    const cluster = clusters.replica3;
    if (!cluster) throw new Error('cluster did not start');
    const volumes = parseVolumeInfo(await glusterXmlOk(cluster.node('gluster01'), ['volume', 'info']));
    expect(volumes).toHaveLength(1);
    const [volume] = volumes;
    expect(volume).toMatchObject({ name: 'ranchervol', status: 'Started', replicaCount: 3, arbiterCount: 0 });
    expect(volume?.bricks.map((brick) => brick.name).sort()).toEqual(
      ALIASES.map((alias) => `${alias}:${DEFAULT_BRICK}`),
    );
    expect(volume?.bricks.some((brick) => brick.isArbiter)).toBe(false);
    await expectFormed(cluster);
  });
});

describe('a replica 3 arbiter 1 cluster', () => {
  beforeAll(async () => {
    clusters.arbiter = await startGlusterCluster({
      nodes: threeNodes({ GLUSTER_REPLICA: '3', GLUSTER_ARBITER: '1' }),
    });
  });
  afterAll(async () => {
    await clusters.arbiter?.stop();
  });

  it('forms one started volume of two data bricks and the arbiter as the last brick', async () => {
    const cluster = clusters.arbiter;
    if (!cluster) throw new Error('cluster did not start');
    const volumes = parseVolumeInfo(await glusterXmlOk(cluster.node('gluster03'), ['volume', 'info']));
    expect(volumes).toHaveLength(1);
    const [volume] = volumes;
    expect(volume).toMatchObject({ name: 'ranchervol', status: 'Started', replicaCount: 3, arbiterCount: 1 });
    expect(volume?.bricks.map((brick) => brick.name).sort()).toEqual(
      ALIASES.map((alias) => `${alias}:${DEFAULT_BRICK}`),
    );
    expect(volume?.bricks.map((brick) => brick.isArbiter)).toEqual([false, false, true]);
    await expectFormed(cluster);
  });
});
