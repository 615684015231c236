import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { parsePeerStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

const ALIASES = ['gluster01', 'gluster02', 'gluster03'] as const;
let cluster: GlusterCluster | undefined;

// Every node lists the other two and all start at the same moment: each may try to probe and
// create the volume; the agents must agree on one volume without anyone giving up.
beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: ALIASES.map((alias) => ({
      alias,
      env: { GLUSTER_REPLICA: '3', GLUSTER_PEER: ALIASES.filter((other) => other !== alias).join(',') },
    })),
  });
});

afterAll(async () => {
  await cluster?.stop();
});

function node(alias: string) {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
}

describe('simultaneous bootstrap of 3 nodes that all list each other', () => {
  it('ends with exactly one started replica-3 volume, the same one on every node', async () => {
    const ids = new Set<string>();
    for (const alias of ALIASES) {
      const volumes = parseVolumeInfo(await glusterXmlOk(node(alias), ['volume', 'info']));
      expect(volumes.map((volume) => volume.name)).toEqual(['ranchervol']);
      const [volume] = volumes;
      expect(volume).toMatchObject({ status: 'Started', replicaCount: 3 });
      expect(volume?.bricks.map((brick) => brick.name).sort()).toEqual(
        ALIASES.map((name) => `${name}:${DEFAULT_BRICK}`),
      );
      ids.add(volume?.id ?? '');
    }
    expect(ids.size).toBe(1);
  });

  it('leaves each node with the two others as connected peers, without duplicates', async () => {
    for (const alias of ALIASES) {
      const others = ALIASES.filter((other) => other !== alias);
      // A peer that probed us first is known by its reverse-DNS name; the agent's own probe by
      // the configured name adds that name (gluster keeps the first as `hostname`).
      const peers = await pollUntil(
        async () => {
          const seen = parsePeerStatus(await glusterXmlOk(node(alias), ['peer', 'status']));
          const named = others.map((other) => seen.filter((peer) => peer.names.includes(other)));
          return named.every((matches) => matches.length === 1) ? seen : undefined;
        },
        { timeoutMs: 60_000, description: `${alias} to know ${others.join(' and ')} by name` },
      );
      expect(peers).toHaveLength(2);
      expect(new Set(peers.map((peer) => peer.uuid)).size).toBe(2);
      expect(peers.every((peer) => peer.connected && peer.stateStr === 'Peer in Cluster')).toBe(true);
    }
  });

  it('keeps every agent running (none exited or restarted)', async () => {
    for (const alias of ALIASES) {
      const { stdout } = await execa('docker', [
        'inspect',
        '--format',
        '{{json .State}}',
        node(alias).getId(),
      ]);
      expect(JSON.parse(stdout)).toMatchObject({ Running: true, Restarting: false, ExitCode: 0 });
    }
  });
});
