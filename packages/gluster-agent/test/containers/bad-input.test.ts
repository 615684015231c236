import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { agentErrors } from '../../../../e2e/src/agent-log.js';
import { glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { startGlusterCluster, startNetwork } from '../../../../e2e/src/gluster-cluster.js';
import { parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';
import { runToExit } from '../../../../e2e/src/run-to-exit.js';

const EXIT_CONFIG = 78;
const EXIT_UNAVAILABLE = 69;
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The one error line the agent printed before exiting; fails if there is none or several. */
function singleError(output: string): string {
  const errors = agentErrors(output);
  expect(
    errors.map((line) => line.msg),
    output,
  ).toHaveLength(1);
  return errors[0]?.msg ?? '';
}

describe('bad configuration stops the agent before anything starts', () => {
  it.each<{ variable: string; env: Record<string, string> }>([
    { variable: 'GLUSTER_REPLICA', env: { GLUSTER_REPLICA: 'abc' } },
    { variable: 'GLUSTER_BRICK_PATH', env: { GLUSTER_BRICK_PATH: 'relative' } },
    { variable: 'GLUSTER_ARBITER', env: { GLUSTER_ARBITER: '1', GLUSTER_REPLICA: '2' } },
  ])('exits 78 with one message naming $variable', async ({ variable, env }) => {
    const { exitCode, output } = await runToExit({
      env: { GLUSTER_NODE_ADDRESS: 'gluster01', ...env },
    });
    expect(exitCode, output).toBe(EXIT_CONFIG);
    expect(singleError(output)).toContain(variable);
  });
});

describe('a container without the SYS_ADMIN capability', () => {
  it('exits 78 at once with one message naming the capability, instead of failing volume create for minutes', async () => {
    const { exitCode, output } = await runToExit({
      env: { GLUSTER_NODE_ADDRESS: 'gluster01', GLUSTER_PEER: 'ga-test-no-such-peer' },
      network: 'none',
      withoutSysAdmin: true,
      timeoutMs: 60_000,
    });
    expect(exitCode, output).toBe(EXIT_CONFIG);
    const message = singleError(output);
    expect(message).toContain('SYS_ADMIN');
    expect(message).toContain('/gluster_volume');
    // Checked before glusterd: it never ran.
    expect(output).not.toContain('started glusterd');
  });
});

describe('an unreachable peer', () => {
  it('makes the agent exit 69 after GLUSTER_PEER_TIMEOUT_S with one message naming the peer', async () => {
    const network = await startNetwork();
    cleanups.push(() => network.stop());
    const { exitCode, output } = await runToExit({
      env: {
        GLUSTER_NODE_ADDRESS: 'gluster01',
        GLUSTER_PEER: 'ga-test-no-such-peer',
        GLUSTER_PEER_TIMEOUT_S: '5',
      },
      network: { name: network.getName(), alias: 'gluster01' },
    });
    expect(exitCode, output).toBe(EXIT_UNAVAILABLE);
    expect(singleError(output)).toContain('ga-test-no-such-peer');
  });
});

describe('a volume that exists with a different layout', () => {
  // A node of the pool (gluster02's peer state and brick, in a replacement container) comes back
  // configured for another brick path: the agent must refuse, not reshape the volume.
  it('makes the node exit 78 naming the conflict, and leaves the existing volume untouched', async () => {
    const cluster = await startGlusterCluster({
      nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
    });
    cleanups.push(() => cluster.stop());
    const gluster01 = cluster.node('gluster01');
    const before = parseVolumeInfo(await glusterXmlOk(gluster01, ['volume', 'info', 'ranchervol']));
    const gluster02 = cluster.node('gluster02').getId();
    await execa('docker', ['stop', '--time', '10', gluster02], { timeout: 60_000 });

    const { exitCode, output } = await runToExit({
      env: {
        GLUSTER_NODE_ADDRESS: 'gluster02',
        GLUSTER_PEER: 'gluster01',
        GLUSTER_BRICK_PATH: '/srv/gluster',
      },
      network: { name: cluster.network.getName(), alias: 'gluster02' },
      volumesFrom: gluster02,
    });
    expect(exitCode, output).toBe(EXIT_CONFIG);
    const message = singleError(output);
    expect(message).toContain('ranchervol');
    expect(message).toMatch(/different layout/);

    const after = parseVolumeInfo(await glusterXmlOk(gluster01, ['volume', 'info', 'ranchervol']));
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({ status: 'Started', replicaCount: 2 });

    // A fresh node that wants the volume as replica 3 with the pool's members: gluster01 refuses
    // its probe (only a member may bring a node in). Once the refusal outlasts its grace (30 s,
    // for nodes bootstrapping together) the agent says so, well before GLUSTER_PEER_TIMEOUT_S
    // (180 s), and nothing changes.
    const started = performance.now();
    const fresh = await runToExit({
      env: { GLUSTER_NODE_ADDRESS: 'gluster03', GLUSTER_PEER: 'gluster01,gluster02', GLUSTER_REPLICA: '3' },
      network: { name: cluster.network.getName(), alias: 'gluster03' },
    });
    expect(fresh.exitCode, fresh.output).toBe(EXIT_CONFIG);
    expect(singleError(fresh.output)).toMatch(/gluster01.*refused to be probed/);
    expect(performance.now() - started).toBeLessThan(120_000);
    expect(parseVolumeInfo(await glusterXmlOk(gluster01, ['volume', 'info', 'ranchervol']))).toEqual(before);
  });
});
