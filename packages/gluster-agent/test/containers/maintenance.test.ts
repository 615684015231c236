import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEndpoint, type GlusterAgentStatus } from '../../../../e2e/src/agent-status.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { execOk, glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { xmlBlocks, xmlText } from '../../../../e2e/src/gluster-xml.js';

/**
 * Maintenance (issue #18): an operator tells a node's agent, or every node's, to leave the volume
 * alone, works by hand (here: a brick process that dies and must stay down), and hands control
 * back, all with `docker compose exec <node> gluster-agent maintenance ...`.
 */
const ROUND_MS = 2_000;
// Reconcile every 2 s: without maintenance a dead local brick is started again within a round or two.
const FAST_RECONCILE = { GLUSTER_RECONCILE_SCHEDULE: '*/2 * * * * *' };

interface MaintenanceStatus extends GlusterAgentStatus {
  maintenance: { on: boolean; by?: string; since?: string; reason?: string };
}

let cluster: GlusterCluster | undefined;

const node = (alias: string) => {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
};
const status = async (alias: string) =>
  (await agentEndpoint<MaintenanceStatus>(node(alias).getId(), '/status')).body;
const afterRounds = (rounds: number) =>
  new Promise((resolve) => setTimeout(resolve, rounds * ROUND_MS + 500));

/** `gluster-agent maintenance ...` in a node's container, as an operator runs it with docker compose exec. */
const maintenance = (alias: string, args: string[]) =>
  node(alias).exec(['gluster-agent', 'maintenance', ...args]);

/** gluster02's brick process as glusterd reports it: pid and online. */
async function gluster02Brick(): Promise<{ pid: string; online: boolean }> {
  const xml = await glusterXmlOk(node('gluster01'), ['volume', 'status', 'ranchervol']);
  const brick = xmlBlocks(xml, 'node').find(
    (block) => xmlText(block, 'hostname') === 'gluster02' && xmlText(block, 'path') === DEFAULT_BRICK,
  );
  return { pid: (brick && xmlText(brick, 'pid')) ?? '', online: (brick && xmlText(brick, 'status')) === '1' };
}

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [
      { alias: 'gluster01', env: FAST_RECONCILE },
      { alias: 'gluster02', env: { ...FAST_RECONCILE, GLUSTER_PEER: 'gluster01' } },
    ],
  });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('maintenance of one node', () => {
  it("is confirmed by the node's agent, shown in /status and /readyz, and keeps it from repairing what the operator breaks", async () => {
    const on = await maintenance('gluster02', ['on', 'replacing', 'a', 'disk']);
    expect(on.exitCode, on.output).toBe(0);
    expect(on.output).toContain('confirmed: the agent leaves the volume alone from now on');
    expect((await status('gluster02')).maintenance).toMatchObject({
      on: true,
      by: 'node',
      reason: 'replacing a disk',
    });
    const ready = await agentEndpoint(node('gluster02').getId(), '/readyz');
    expect(JSON.stringify(ready.body)).toContain('maintenance (replacing a disk)');
    expect((await status('gluster01')).maintenance).toEqual({ on: false });

    // The operator's manual work: gluster02's brick process dies. Outside maintenance the agent
    // starts it again within a round; now it must stay down.
    const before = await gluster02Brick();
    expect(before.online).toBe(true);
    await execOk(node('gluster02'), ['sh', '-c', 'kill -KILL "$1"', 'sh', before.pid]);
    await afterRounds(4);
    expect((await gluster02Brick()).online).toBe(false);
    expect((await status('gluster02')).redundancy.redundant).toBe(false);
  });

  it('hands control back: the agent repairs again (the dead brick is started)', async () => {
    const off = await maintenance('gluster02', ['off']);
    expect(off.exitCode, off.output).toBe(0);
    expect(off.output).toContain('confirmed: the agent keeps the cluster as configured again');
    await pollUntil(async () => ((await gluster02Brick()).online ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      description: "gluster02's agent to start its brick again",
    });
    expect((await status('gluster02')).maintenance).toEqual({ on: false });
  });
});

describe('maintenance of every node (--all)', () => {
  it('reaches the other nodes through the volume, and ends the same way', async () => {
    const on = await maintenance('gluster01', ['on', '--all']);
    expect(on.exitCode, on.output).toBe(0);
    const seen = await pollUntil(
      async () => {
        const now = (await status('gluster02')).maintenance;
        return now.on ? now : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'gluster02 to be in maintenance by the volume' },
    );
    expect(seen).toMatchObject({ on: true, by: 'volume', since: expect.any(String) });
    const off = await maintenance('gluster01', ['off', '--all']);
    expect(off.exitCode, off.output).toBe(0);
    await pollUntil(async () => ((await status('gluster02')).maintenance.on ? undefined : true), {
      timeoutMs: 30_000,
      intervalMs: 500,
      description: 'gluster02 out of maintenance',
    });
  });

  it('refuses an unknown action with the usage, exit 78', async () => {
    const wrong = await maintenance('gluster01', ['sideways']);
    expect(wrong.exitCode).toBe(78);
    expect(wrong.output).toContain(
      'usage: gluster-agent maintenance on [--all] [reason ...] | off [--all] | status',
    );
  });
});
