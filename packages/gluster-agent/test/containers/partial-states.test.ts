import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogLines } from '../../../../e2e/src/agent-log.js';
import { agentEndpoint, type GlusterAgentStatus, waitAgentReady } from '../../../../e2e/src/agent-status.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import {
  containerLogs,
  containerState,
  dockerStart,
  dockerStop,
  editVolumesOf,
} from '../../../../e2e/src/docker-state.js';
import { execOk, glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { parseBrickStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';
import { IMAGES } from '../../../../e2e/src/images.js';

/**
 * Each partial state a node can come back with (a lost disk, a partial restore, a lost state
 * volume) ends in the volume the cluster had, or in a clear "blocked" that says what to do: never
 * in a second volume-id on one of the bricks, nor in an empty brick served as if it held the data.
 */
const FILE = 'partial-state.txt';
const CONTENT = `written at ${new Date().toISOString()}\n`;
const TIMEOUT_MS = 120_000;
// Reconcile every 2 s, so "the agent left it alone" is seen over several rounds within seconds.
const FAST_RECONCILE = { GLUSTER_RECONCILE_SCHEDULE: '*/2 * * * * *' };
let cluster: GlusterCluster | undefined;
let volumeId = '';

const node = (alias: string) => {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
};
const status = async (alias: string) =>
  (await agentEndpoint<GlusterAgentStatus>(node(alias).getId(), '/status')).body;

/** Stops `alias`, runs `command` against its volumes, starts it again. */
async function restartWithout(alias: string, command: readonly string[]): Promise<void> {
  const id = node(alias).getId();
  await dockerStop(id, 10);
  await editVolumesOf(id, IMAGES['gluster-server'].tag, command);
  await dockerStart(id);
}

async function brickStamp(alias: string): Promise<string> {
  const { output } = await node(alias).exec([
    'getfattr',
    '--absolute-names',
    '-e',
    'hex',
    '-n',
    'trusted.glusterfs.volume-id',
    DEFAULT_BRICK,
  ]);
  return output;
}

async function localBrickOnline(alias: string): Promise<boolean> {
  const bricks = parseBrickStatus(await glusterXmlOk(node(alias), ['volume', 'status', 'ranchervol']));
  return bricks.some((brick) => brick.hostname === alias && brick.online);
}

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [
      { alias: 'gluster01', env: FAST_RECONCILE },
      { alias: 'gluster02', env: { ...FAST_RECONCILE, GLUSTER_PEER: 'gluster01' } },
    ],
  });
  const [volume] = parseVolumeInfo(await glusterXmlOk(node('gluster01'), ['volume', 'info', 'ranchervol']));
  volumeId = volume?.id ?? '';
  await execOk(node('gluster01'), ['mkdir', '-p', '/mnt/ga']);
  await execOk(node('gluster01'), ['mount', '-t', 'glusterfs', 'gluster01:/ranchervol', '/mnt/ga']);
  await execOk(node('gluster01'), ['sh', '-c', `printf '%s' "$0" > /mnt/ga/${FILE}`, CONTENT]);
  await execOk(node('gluster01'), ['umount', '/mnt/ga']);
});

afterAll(async () => {
  await cluster?.stop();
});

describe('a node that comes back with part of its state', () => {
  it('takes the volume definition back from its peer when it kept peers/ but lost vols/', async () => {
    await restartWithout('gluster02', ['sh', '-c', 'rm -rf /var/lib/glusterd/vols/*']);
    await waitAgentReady(node('gluster02').getId(), TIMEOUT_MS, 'gluster02');
    const [volume] = parseVolumeInfo(await glusterXmlOk(node('gluster02'), ['volume', 'info', 'ranchervol']));
    expect(volume?.id).toBe(volumeId);
    expect(await brickStamp('gluster02')).toContain(`=0x${volumeId.replaceAll('-', '')}`);
    expect(await execOk(node('gluster02'), ['cat', `${DEFAULT_BRICK}/${FILE}`])).toBe(CONTENT);
    // The brick's volume was only late, never lost: no error was reported on the way.
    const errors = agentLogLines(await containerLogs(node('gluster02').getId())).filter(
      (l) => l.level === 'error',
    );
    expect(errors).toEqual([]);
  });

  it('does not serve a brick whose disk was emptied, and heals it with the reset-brick its status names', async () => {
    await restartWithout('gluster02', ['rm', '-rf', DEFAULT_BRICK]);
    const seen = await pollUntil(
      async () => {
        const now = await status('gluster02');
        return now.notes.some((note) => note.includes('does not force-start')) ? now : undefined;
      },
      {
        timeoutMs: TIMEOUT_MS,
        intervalMs: 500,
        description: 'gluster02 to say it does not force-start its brick',
      },
    );
    expect(seen.redundancy.redundant).toBe(false);
    // Several reconcile rounds later it is still not stamped, not started, not ready.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await localBrickOnline('gluster02')).toBe(false);
    expect(await brickStamp('gluster02')).toMatch(/No such file/);
    expect((await agentEndpoint(node('gluster02').getId(), '/readyz')).status).toBe(503);
    // The operator runs what the note says, and the brick is healed from gluster01.
    const brick = `gluster02:${DEFAULT_BRICK}`;
    await glusterXmlOk(node('gluster02'), ['volume', 'reset-brick', 'ranchervol', brick, 'start']);
    await glusterXmlOk(node('gluster02'), [
      'volume',
      'reset-brick',
      'ranchervol',
      brick,
      brick,
      'commit',
      'force',
    ]);
    await pollUntil(
      async () => {
        const copy = await node('gluster02').exec(['cat', `${DEFAULT_BRICK}/${FILE}`]);
        return copy.exitCode === 0 && copy.stdout === CONTENT ? true : undefined;
      },
      { timeoutMs: TIMEOUT_MS, intervalMs: 1_000, description: "gluster02's brick to be healed" },
    );
    await waitAgentReady(node('gluster02').getId(), TIMEOUT_MS, 'gluster02');
  });

  it('says why and exits 78, instead of glusterd failing five times, when vols/ came back without peers/', async () => {
    await restartWithout('gluster02', ['sh', '-c', 'rm -rf /var/lib/glusterd/peers/*']);
    const exited = await pollUntil(
      async () => {
        const state = await containerState(node('gluster02').getId());
        return state.running ? undefined : state;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'gluster02 to exit' },
    );
    expect(exited.exitCode).toBe(78);
    const lines = agentLogLines(await containerLogs(node('gluster02').getId()));
    expect(lines.some((line) => line.level === 'fatal' && String(line.msg).includes('Restore peers/'))).toBe(
      true,
    );
  });

  it('stays up and says what to do when the first node lost its state but its brick holds the volume', async () => {
    await restartWithout('gluster01', ['sh', '-c', 'rm -rf /var/lib/glusterd/*']);
    const blocked = await pollUntil(
      async () => {
        const now = await status('gluster01');
        return now.phase === 'blocked' ? now : undefined;
      },
      { timeoutMs: TIMEOUT_MS, intervalMs: 1_000, description: 'gluster01 to report it is blocked' },
    );
    expect(blocked.blockedBy).toContain(volumeId);
    expect(blocked.blockedBy).toContain("Restore this node's /var/lib/glusterd");
    const lines = agentLogLines(await containerLogs(node('gluster01').getId()));
    expect(lines.filter((line) => line.code === 'GA_BRICK_ORPHANED')).toHaveLength(1);
    expect(await containerState(node('gluster01').getId())).toMatchObject({ running: true, restartCount: 0 });
    expect(await brickStamp('gluster01')).toContain(`=0x${volumeId.replaceAll('-', '')}`);
  });
});
