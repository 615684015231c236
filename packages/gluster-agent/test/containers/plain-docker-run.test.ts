import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEndpoint, type GlusterAgentStatus, waitAgentReady } from '../../../../e2e/src/agent-status.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { containerState, dockerStart, dockerStop } from '../../../../e2e/src/docker-state.js';
import { execOk, glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { removeContainer, startNetwork } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK, plainGlusterNodeContainer } from '../../../../e2e/src/gluster-node.js';
import { parsePeerStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

/**
 * The seed's steps as a newcomer types them: `docker run --name ... --network NET` with only the
 * documented variables. No GLUSTER_NODE_ADDRESS, no --hostname, no network alias: each node must
 * name itself by what Docker's DNS answers for it, so the volume survives Docker handing the
 * containers other addresses when they start again.
 */
const suffix = randomBytes(3).toString('hex');
const FIRST = `gluster01-${suffix}`;
const SECOND = `gluster02-${suffix}`;
const FILE = 'plain-run.txt';
const CONTENT = `written at ${new Date().toISOString()}\n`;
const TIMEOUT_MS = 120_000;

let network: StartedNetwork | undefined;
const nodes = new Map<string, StartedTestContainer>();

function node(name: string): StartedTestContainer {
  const found = nodes.get(name);
  if (!found) throw new Error(`${name} did not start`);
  return found;
}

/** `docker run -d --name NAME --network NET --cap-add SYS_ADMIN --device /dev/fuse [-e ...] IMAGE`. */
async function dockerRun(name: string, env: Record<string, string>): Promise<StartedTestContainer> {
  if (!network) throw new Error('no network');
  const container = await plainGlusterNodeContainer(network, { name }, env).start();
  nodes.set(name, container);
  return container;
}

async function addressOf(name: string): Promise<string> {
  const { stdout } = await execa('docker', [
    'inspect',
    '--format',
    '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
    node(name).getId(),
  ]);
  return stdout.trim();
}

const waitReady = (name: string) => waitAgentReady(node(name).getId(), TIMEOUT_MS, name);

beforeAll(async () => {
  network = await startNetwork();
  await Promise.all([dockerRun(FIRST, {}), dockerRun(SECOND, { GLUSTER_PEER: FIRST })]);
  await Promise.all([waitReady(FIRST), waitReady(SECOND)]);
});

afterAll(async () => {
  await Promise.all([...nodes.values()].map((container) => removeContainer(container.getId())));
  await network?.stop();
});

describe('plain docker run, without GLUSTER_NODE_ADDRESS', () => {
  it('names every brick by its container name, not by an address', async () => {
    const [volume] = parseVolumeInfo(await glusterXmlOk(node(SECOND), ['volume', 'info', 'ranchervol']));
    expect(volume?.bricks.map((brick) => brick.name).sort()).toEqual([
      `${FIRST}:${DEFAULT_BRICK}`,
      `${SECOND}:${DEFAULT_BRICK}`,
    ]);
    const status = (await agentEndpoint<GlusterAgentStatus>(node(FIRST).getId(), '/status')).body;
    expect(status.self).toBe(FIRST);
    await execOk(node(FIRST), ['mkdir', '-p', '/mnt/ga']);
    await execOk(node(FIRST), ['mount', '-t', 'glusterfs', `${FIRST}:/ranchervol`, '/mnt/ga']);
    await execOk(node(FIRST), ['sh', '-c', `printf '%s' "$0" > /mnt/ga/${FILE}`, CONTENT]);
    await execOk(node(FIRST), ['umount', '/mnt/ga']);
  });

  it('comes back whole when both stop and start in the opposite order, on other addresses', async () => {
    const before = new Map([
      [FIRST, await addressOf(FIRST)],
      [SECOND, await addressOf(SECOND)],
    ]);
    await Promise.all([dockerStop(node(FIRST).getId(), 10), dockerStop(node(SECOND).getId(), 10)]);
    // Docker gives a starting container the lowest free address: starting the node that had the
    // higher one first swaps them, as a host reboot or a busier network does.
    const order = [FIRST, SECOND].sort((a, b) => (before.get(b) ?? '').localeCompare(before.get(a) ?? ''));
    for (const name of order) await dockerStart(node(name).getId());
    await Promise.all([waitReady(FIRST), waitReady(SECOND)]);
    for (const name of [FIRST, SECOND]) expect(await addressOf(name)).not.toBe(before.get(name));
    for (const [name, other] of [
      [FIRST, SECOND],
      [SECOND, FIRST],
    ] as const) {
      const state = await containerState(node(name).getId());
      expect(state).toMatchObject({ running: true, restartCount: 0 });
      await pollUntil(
        async () => {
          const peers = parsePeerStatus(await glusterXmlOk(node(name), ['peer', 'status']));
          return peers.length === 1 && peers[0]?.connected && peers[0].names.includes(other)
            ? peers
            : undefined;
        },
        { timeoutMs: TIMEOUT_MS, intervalMs: 500, description: `${name} to see ${other} connected` },
      );
      expect(await execOk(node(name), ['cat', `${DEFAULT_BRICK}/${FILE}`])).toBe(CONTENT);
    }
    const status = (await agentEndpoint<GlusterAgentStatus>(node(SECOND).getId(), '/status')).body;
    await pollUntil(
      async () => {
        const now = (await agentEndpoint<GlusterAgentStatus>(node(SECOND).getId(), '/status')).body;
        return now.redundancy.redundant ? now : undefined;
      },
      { timeoutMs: TIMEOUT_MS, intervalMs: 1_000, description: 'the volume to be redundant again' },
    );
    expect(status.phase).not.toBe('conflict');
  });
});
