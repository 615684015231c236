import { pollUntil } from '@gluster-asteroids/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogLines } from '../../../../e2e/src/agent-log.js';
import { type AsteroidsNode, HTTP_PORT, startAsteroids } from '../../../../e2e/src/asteroids-node.js';
import { dockerStop } from '../../../../e2e/src/docker-state.js';
import { joinGame } from '../../../../e2e/src/game-socket.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { httpGet } from '../../../../e2e/src/http-probe.js';

// A fresh cluster (no game on the volume yet): two asteroids containers race to install the game,
// then gluster01 goes away and a third container has to mount from gluster02 alone.
/** The parts of the client-agent's /status this file reads. */
interface Status {
  storage: { state: string };
  peers: { host: string; glusterdReachable: boolean }[];
}

const INSTALLED = 'game installed';
const INSTALLING = /^installing the game from /;
const WAITED = 'another container installed the game meanwhile';
let cluster: GlusterCluster | undefined;
const started: AsteroidsNode[] = [];

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
});

afterAll(async () => {
  await Promise.all(started.map((node) => node.remove()));
  await cluster?.stop();
});

function network() {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster.network;
}

async function start(): Promise<AsteroidsNode> {
  const node = await startAsteroids({ network: network() });
  started.push(node);
  return node;
}

async function logMessages(node: AsteroidsNode): Promise<string[]> {
  return agentLogLines(await node.logs()).map((line) => line.msg);
}

describe('asteroids containers on a fresh cluster', () => {
  it('lets exactly one of two containers started at once install the game, and both serve it', async () => {
    const nodes = await Promise.all([start(), start()]);
    const messages = await Promise.all(nodes.map(logMessages));
    const installers = messages.filter((lines) => lines.includes(INSTALLED));
    const copiers = messages.filter((lines) => lines.some((line) => INSTALLING.test(line)));
    const other = messages.find((lines) => !lines.includes(INSTALLED)) ?? [];
    console.log(
      `install race: ${installers.length} installed; the other ${other.includes(WAITED) ? 'waited for the lock' : 'found the game present'}`,
    );
    expect(installers).toHaveLength(1);
    expect(copiers).toHaveLength(1);
    expect(other.some((line) => INSTALLING.test(line))).toBe(false);

    for (const node of nodes) {
      expect((await httpGet(node.url('/game.js'))).status).toBe(200);
      expect((await httpGet(node.url('/'))).status).toBe(200);
    }
    const [first] = nodes;
    if (!first) throw new Error('no container started');
    const entries = (await execOk(first.container, ['ls', '-A', '/mnt/ranchervol/asteroids/releases/']))
      .split('\n')
      .filter(Boolean);
    console.log(`/mnt/ranchervol/asteroids/releases/: ${entries.join(' ')}`);
    // One release (the image's version, a commit id) and the leases of both containers.
    expect(entries.filter((entry) => /^[0-9a-f]{40}$/.test(entry))).toHaveLength(1);
    expect(entries.filter((entry) => entry.startsWith('.install-'))).toEqual([]);
    // The install lock is released too, or the next install would wait for it to go stale.
    expect(entries.filter((entry) => entry.endsWith('.lock'))).toEqual([]);
  });

  it('mounts from gluster02 and serves the game when a new container starts while gluster01 is stopped', async () => {
    if (!cluster) throw new Error('the cluster did not start');
    await dockerStop(cluster.node('gluster01').getId(), 10);
    const began = performance.now();
    const node = await start();
    console.log(
      `failover mount: ready ${((performance.now() - began) / 1000).toFixed(1)} s after start with gluster01 stopped`,
    );

    const mounted = agentLogLines(await node.logs()).filter((line) => line.msg.startsWith('mounted '));
    expect(mounted.map((line) => line.server)).toEqual(['gluster02']);
    expect(mounted[0]?.msg).toContain('gluster02:/ranchervol on /mnt/ranchervol');
    const mounts = await execOk(node.container, ['cat', '/proc/mounts']);
    expect(mounts).toMatch(/^gluster02:\/?ranchervol \/mnt\/ranchervol fuse\.glusterfs /m);

    // The peer monitor's first probe may still be running when /readyz turns 200.
    const status = await pollUntil(
      async () => {
        const body = JSON.parse((await httpGet(node.healthUrl('/status'))).body) as Status;
        return body.peers.length === 2
          ? { done: true, value: body }
          : { done: false, seen: JSON.stringify(body.peers) };
      },
      { what: '/status to list both peers', intervalMs: 250, timeoutMs: 15_000 },
    );
    expect(status.storage.state).toBe('mounted');
    expect(status.peers.map(({ host, glusterdReachable }) => ({ host, glusterdReachable }))).toEqual([
      { host: 'gluster01', glusterdReachable: false },
      { host: 'gluster02', glusterdReachable: true },
    ]);

    expect((await httpGet(node.url('/'))).status).toBe(200);
    expect((await httpGet(node.url('/game.js'))).status).toBe(200);
    const welcome = await joinGame(`ws://127.0.0.1:${node.container.getMappedPort(HTTP_PORT)}/ws`, 'ga-test');
    expect(welcome).toMatchObject({ t: 'welcome' });
  });
});
