import type { StartedTestContainer } from 'testcontainers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { containerLogs } from '../../../../e2e/src/docker-state.js';
import { startFuseClient, waitBricksConnected } from '../../../../e2e/src/fuse-client.js';
import { execOk, glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import {
  type GlusterCluster,
  removeContainer,
  startGlusterCluster,
} from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { xmlBlocks, xmlText } from '../../../../e2e/src/gluster-xml.js';
import { waitHealed } from '../../../../e2e/src/ha/volume-health.js';

/**
 * Replace under the same name (issue #18): gluster02 is lost with its container, brick and
 * glusterd state; a new, empty container started with the same variables takes its place in the
 * pool and gets its copy of the data back, with no gluster command by hand, while a client keeps
 * reading.
 */
const MOUNT = '/mnt/ranchervol';
const FAST_RECONCILE = { GLUSTER_RECONCILE_SCHEDULE: '*/2 * * * * *' };
const GLUSTER02 = { alias: 'gluster02', env: { ...FAST_RECONCILE, GLUSTER_PEER: 'gluster01' } };

let cluster: GlusterCluster | undefined;
let client: StartedTestContainer | undefined;

const node = (alias: string) => {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
};
const reader = () => {
  if (!client) throw new Error('the client did not start');
  return client;
};

/** gluster01's view of its peers: uuid, name, connected. */
async function peersOfGluster01(): Promise<Array<{ uuid: string; hostname: string; connected: boolean }>> {
  const xml = await glusterXmlOk(node('gluster01'), ['peer', 'status']);
  return xmlBlocks(xml, 'peer').map((peer) => ({
    uuid: xmlText(peer, 'uuid') ?? '',
    hostname: xmlText(peer, 'hostname') ?? '',
    connected: xmlText(peer, 'connected') === '1',
  }));
}

/** `md5sum` of every file under `dir` in `container`, sorted: the content to compare. */
async function checksums(container: StartedTestContainer, dir: string): Promise<string> {
  return execOk(container, ['sh', '-c', 'cd "$1" && find data -type f | sort | xargs md5sum', 'sh', dir]);
}

beforeAll(async () => {
  cluster = await startGlusterCluster({ nodes: [{ alias: 'gluster01', env: FAST_RECONCILE }, GLUSTER02] });
  client = await startFuseClient({ network: cluster.network, mountPoint: MOUNT });
});

let failed = false;
afterEach((context) => {
  if (context.task.result?.state === 'fail') failed = true;
});

afterAll(async () => {
  // What the replacement said, when something failed: the only trace of why.
  if (failed && cluster?.nodes.has('gluster02')) {
    const logs = await containerLogs(node('gluster02').getId()).catch(() => '');
    console.log(
      `--- gluster02\n${logs
        .split('\n')
        .filter((line) => !line.includes('"program":"glusterd"'))
        .slice(-30)
        .join('\n')}`,
    );
  }
  if (client) await removeContainer(client.getId());
  await cluster?.stop();
});

describe('a storage node lost with its container, brick and glusterd state', () => {
  it('is replaced by an empty container under the same name: its UUID, its place in the pool, its copy of the data', async () => {
    const write = (from: number, to: number) =>
      execOk(reader(), [
        'sh',
        '-c',
        'mkdir -p "$1/data" && for i in $(seq "$2" "$3"); do head -c 8192 /dev/urandom > "$1/data/f$i"; done',
        'sh',
        MOUNT,
        String(from),
        String(to),
      ]);
    await write(1, 40);
    const [lost] = await peersOfGluster01();
    expect(lost).toMatchObject({ hostname: 'gluster02', connected: true });

    // A reader that keeps going while gluster02 is lost and replaced: every read must succeed.
    let reads = 0;
    const failures: string[] = [];
    let reading = true;
    const readLoop = (async () => {
      while (reading) {
        const result = await reader().exec(['cat', `${MOUNT}/data/f7`]);
        reads++;
        if (result.exitCode !== 0) failures.push(result.output);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    try {
      // Lost: the container and its anonymous volumes (brick and /var/lib/glusterd) are gone.
      await removeContainer(node('gluster02').getId());
      // Written while it is gone: pending heal towards the lost brick.
      await write(41, 60);
      const expected = await checksums(reader(), MOUNT);

      const replacement = await cluster?.add(GLUSTER02);
      if (!replacement) throw new Error('no replacement');
      await cluster?.waitReady(['gluster02'], 120_000);
      await waitBricksConnected(reader(), ['gluster01', 'gluster02'], 60_000);
      await waitHealed([node('gluster01'), replacement], 'ranchervol', 120_000);

      // The same member to the pool, not a new one beside a rejected old one.
      expect(await peersOfGluster01()).toEqual([
        { uuid: lost?.uuid, hostname: 'gluster02', connected: true },
      ]);
      expect(await execOk(replacement, ['sed', '-n', 's/^UUID=//p', '/var/lib/glusterd/glusterd.info'])).toBe(
        `${lost?.uuid}\n`,
      );
      // Its brick holds every file, byte for byte, written before and while it was lost.
      expect(await checksums(replacement, DEFAULT_BRICK)).toBe(expected);
      expect(expected.split('\n').filter(Boolean)).toHaveLength(60);
      expect(await containerLogs(replacement.getId())).toContain(
        'takes the place of the lost node gluster02',
      );
    } finally {
      reading = false;
      await readLoop;
    }
    expect(reads).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});
