import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { execOk, glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { parsePeerStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

const ALIASES = ['gluster01', 'gluster02'] as const;
const FILE = 'restart-probe.txt';
const CONTENT = `written through the volume at ${new Date().toISOString()}\n`;
const CONVERGE_TIMEOUT_MS = 120_000;
let cluster: GlusterCluster | undefined;

function node(alias: string) {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
}

/** Mounts the volume with FUSE inside `alias`, runs `command` under /mnt/ga, unmounts. */
async function throughMount(alias: string, command: string[]): Promise<string> {
  const container = node(alias);
  await execOk(container, ['mkdir', '-p', '/mnt/ga']);
  await execOk(container, ['mount', '-t', 'glusterfs', `${alias}:/ranchervol`, '/mnt/ga']);
  try {
    return await execOk(container, command);
  } finally {
    await execOk(container, ['umount', '/mnt/ga']);
  }
}

/**
 * After a restart: every node ready, each sees exactly the other node as a connected peer in the
 * cluster (no duplicate, no rejected one), the volume started, and the file intact on both bricks.
 */
async function expectConverged(): Promise<void> {
  await cluster?.waitReady(ALIASES, CONVERGE_TIMEOUT_MS);
  for (const alias of ALIASES) {
    const other = ALIASES.find((candidate) => candidate !== alias);
    await pollUntil(
      async () => {
        const peers = parsePeerStatus(await glusterXmlOk(node(alias), ['peer', 'status']));
        const shape = peers.map(({ hostname, connected, stateStr }) => ({ hostname, connected, stateStr }));
        if (
          JSON.stringify(shape) ===
          JSON.stringify([{ hostname: other, connected: true, stateStr: 'Peer in Cluster' }])
        )
          return shape;
        throw new Error(JSON.stringify(shape));
      },
      { timeoutMs: CONVERGE_TIMEOUT_MS, intervalMs: 500, description: `${alias} to see ${other} connected` },
    );
    const [volume] = parseVolumeInfo(await glusterXmlOk(node(alias), ['volume', 'info', 'ranchervol']));
    expect(volume?.status).toBe('Started');
    expect(await execOk(node(alias), ['cat', `${DEFAULT_BRICK}/${FILE}`])).toBe(CONTENT);
  }
}

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
  await throughMount('gluster01', ['sh', '-c', `printf '%s' "$0" > /mnt/ga/${FILE}`, CONTENT]);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('restarts of a 2-node replica-2 cluster', () => {
  it('stores a file written through the FUSE mount on both bricks', async () => {
    for (const alias of ALIASES) {
      expect(await execOk(node(alias), ['cat', `${DEFAULT_BRICK}/${FILE}`])).toBe(CONTENT);
    }
  });

  it('converges after gluster01 restarts, with the file intact on both bricks', async () => {
    await node('gluster01').restart({ timeout: 10 });
    await expectConverged();
  });

  it('converges after gluster02 restarts, with the file intact on both bricks', async () => {
    await node('gluster02').restart({ timeout: 10 });
    await expectConverged();
  });

  it('converges after both nodes restart at once, and the volume still serves the file', async () => {
    await Promise.all(ALIASES.map((alias) => node(alias).restart({ timeout: 10 })));
    await expectConverged();
    expect(await throughMount('gluster02', ['cat', `/mnt/ga/${FILE}`])).toBe(CONTENT);
  });
});
