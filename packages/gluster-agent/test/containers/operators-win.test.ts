import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogLines } from '../../../../e2e/src/agent-log.js';
import { agentEndpoint, type GlusterAgentStatus } from '../../../../e2e/src/agent-status.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { containerLogs } from '../../../../e2e/src/docker-state.js';
import { glusterXml, glusterXmlOk, succeeded } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { parseBrickStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

/**
 * What an operator does by hand survives the agents' reconcile rounds: a stopped volume stays
 * stopped, a brick being reset stays down, an option set by hand keeps its value, and two nodes
 * configured differently do not take turns rewriting an option.
 */
const ROUND_MS = 2_000;
// Reconcile every 2 s; each check below waits several rounds.
const FAST_RECONCILE = { GLUSTER_RECONCILE_SCHEDULE: '*/2 * * * * *' };
const BRICK = `gluster02:${DEFAULT_BRICK}`;
let cluster: GlusterCluster | undefined;

const node = (alias: string) => {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
};
const status = async (alias: string) =>
  (await agentEndpoint<GlusterAgentStatus>(node(alias).getId(), '/status')).body;
const volumeInfo = async () =>
  parseVolumeInfo(await glusterXmlOk(node('gluster01'), ['volume', 'info', 'ranchervol']))[0];
const afterRounds = (rounds: number) =>
  new Promise((resolve) => setTimeout(resolve, rounds * ROUND_MS + 500));

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [
      // Configured differently on purpose: gluster02 creates the volume with its value.
      {
        alias: 'gluster01',
        env: { ...FAST_RECONCILE, GLUSTER_VOLUME_OPTIONS: 'performance.io-thread-count=8' },
      },
      {
        alias: 'gluster02',
        env: {
          ...FAST_RECONCILE,
          GLUSTER_PEER: 'gluster01',
          GLUSTER_VOLUME_OPTIONS: 'performance.io-thread-count=24',
        },
      },
    ],
  });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('operators win over the reconcile rounds', () => {
  it("keeps the creator's value for an option two nodes are configured differently for, and says so once", async () => {
    const values: string[] = [];
    for (let look = 0; look < 4; look++) {
      values.push((await volumeInfo())?.options['performance.io-thread-count'] ?? '');
      await afterRounds(1);
    }
    expect(values).toEqual(['24', '24', '24', '24']);
    const told = agentLogLines(await containerLogs(node('gluster01').getId())).filter(
      (line) => line.option === 'performance.io-thread-count',
    );
    expect(told).toHaveLength(1);
    expect(told[0]?.level).toBe('warn');
  });

  it('leaves an option set by hand as the operator set it', async () => {
    await glusterXmlOk(node('gluster01'), ['volume', 'set', 'ranchervol', 'network.ping-timeout', '13']);
    await afterRounds(3);
    expect((await volumeInfo())?.options['network.ping-timeout']).toBe('13');
  });

  it('leaves a brick an operator is resetting down', async () => {
    await glusterXmlOk(node('gluster02'), ['volume', 'reset-brick', 'ranchervol', BRICK, 'start']);
    // A round whose `volume status` lost glusterd's lock to the other node's round sees the brick
    // only as unreported: look until one round has seen it stopped.
    await pollUntil(
      async () => {
        const notes = (await status('gluster02')).notes.join(' ');
        return notes.includes('being reset by an operator') ? notes : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'gluster02 to say its brick is being reset' },
    );
    await afterRounds(3);
    const bricks = parseBrickStatus(
      await glusterXmlOk(node('gluster02'), ['volume', 'status', 'ranchervol']),
    );
    expect(bricks.find((brick) => brick.hostname === 'gluster02')?.online).toBe(false);
  });

  it('leaves a volume an operator stopped stopped, says so, and serves again, reset brick too, once it is started', async () => {
    await glusterXmlOk(node('gluster01'), ['volume', 'stop', 'ranchervol']);
    await afterRounds(3);
    expect((await volumeInfo())?.status).toBe('Stopped');
    for (const alias of ['gluster01', 'gluster02']) {
      const now = await status(alias);
      expect(now.phase).toBe('stopped');
      expect(now.notes.join(' ')).toContain('gluster volume start ranchervol');
      expect((await agentEndpoint(node(alias).getId(), '/readyz')).status).toBe(503);
    }
    // The brick port is pinned (49152), and the stopped brick's connections keep it in TIME_WAIT for
    // up to a minute: until then glusterd says "All the ports in the range are exhausted".
    await pollUntil(
      async () =>
        succeeded(await glusterXml(node('gluster01'), ['volume', 'start', 'ranchervol'])) ? true : undefined,
      { timeoutMs: 120_000, intervalMs: 5_000, description: 'volume start to succeed' },
    );
    await cluster?.waitReady(undefined, 60_000);
    await pollUntil(async () => ((await status('gluster01')).redundancy.redundant ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      description: 'the volume to be redundant again',
    });
  });
});
