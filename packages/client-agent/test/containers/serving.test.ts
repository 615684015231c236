import { pollUntil } from '@gluster-asteroids/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsteroidsNode, HTTP_PORT, startAsteroids } from '../../../../e2e/src/asteroids-node.js';
import { containerState, dockerStart, dockerStop, mappedPortNow } from '../../../../e2e/src/docker-state.js';
import { brickConnections } from '../../../../e2e/src/fuse-client.js';
import { joinGame } from '../../../../e2e/src/game-socket.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { HEALTH_PORT } from '../../../../e2e/src/gluster-node.js';
import { startHttpGapProbe, summarize, timedGet } from '../../../../e2e/src/http-gap-probe.js';
import { httpGet } from '../../../../e2e/src/http-probe.js';

// The seed's deployment: gluster01 waits, gluster02 joins it and creates ranchervol; one
// asteroids container mounts it and serves the game. The tests below run in order on it.
const GRACE_PERIOD_S = 10;
let cluster: GlusterCluster | undefined;
let asteroids: AsteroidsNode | undefined;

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
  const started = performance.now();
  asteroids = await startAsteroids({ network: cluster.network });
  console.log(`asteroids ready ${((performance.now() - started) / 1000).toFixed(1)} s after start`);
});

afterAll(async () => {
  await asteroids?.remove();
  await cluster?.stop();
});

function game(): AsteroidsNode {
  if (!asteroids) throw new Error('the asteroids container did not start');
  return asteroids;
}

function serverId(alias: string): string {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster.node(alias).getId();
}

/** A gluster server's /readyz after `docker start`, through the host port it has now. */
async function waitServerReady(alias: string, timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      const port = await mappedPortNow(serverId(alias), HEALTH_PORT);
      const answer = await httpGet(`http://127.0.0.1:${port}/readyz`);
      return answer.status === 200
        ? true
        : { done: false, seen: `${answer.status} ${answer.body.slice(0, 200)}` };
    },
    { what: `${alias} /readyz 200`, intervalMs: 500, timeoutMs },
  );
}

/** Waits until the FUSE client is connected to both bricks (a restarted brick has a new port). */
async function waitBricksConnected(node: AsteroidsNode, timeoutMs: number): Promise<void> {
  await pollUntil(
    async () => {
      const connections = await brickConnections(node.container);
      const ok = connections.gluster01 === true && connections.gluster02 === true;
      return ok ? true : { done: false, seen: JSON.stringify(connections) };
    },
    { what: 'the FUSE client to be connected to both bricks', intervalMs: 500, timeoutMs },
  );
}

function peerReachable(metrics: { body: string }, peer: string): number | undefined {
  const match = new RegExp(`^asteroids_peer_reachable\\{peer="${peer}"\\} (\\d+)$`, 'm').exec(metrics.body);
  return match ? Number(match[1]) : undefined;
}

function metric(body: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(body);
  if (!match) throw new Error(`no ${name} in /metrics`);
  return Number(match[1]);
}

describe('an asteroids container on a 2-node replica-2 cluster', () => {
  it('mounts the volume over FUSE and serves the page, game.js, its own config.js and the game WebSocket through nginx', async () => {
    const node = game();
    expect((await httpGet(node.healthUrl('/readyz'))).status).toBe(200);

    const page = await httpGet(node.url('/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('src="game.js"');
    expect((await httpGet(node.url('/game.js'))).status).toBe(200);

    const config = await httpGet(node.url('/config.js'));
    expect(config.status).toBe(200);
    expect(config.body).toContain("var HOST = '';");
    expect(config.body).toContain('var PORT = 0;');

    const welcome = await joinGame(`ws://127.0.0.1:${node.container.getMappedPort(HTTP_PORT)}/ws`, 'ga-test');
    expect(welcome).toMatchObject({ t: 'welcome', name: 'ga-test' });

    const mounts = await execOk(node.container, ['cat', '/proc/mounts']);
    expect(mounts).toMatch(/^gluster0[12]:\/?ranchervol \/mnt\/ranchervol fuse\.glusterfs /m);
    expect(await brickConnections(node.container)).toEqual({ gluster01: true, gluster02: true });

    const status = JSON.parse((await httpGet(node.healthUrl('/status'))).body) as {
      storage: { state: string; remounts: number };
    };
    expect(status.storage).toMatchObject({ state: 'mounted', remounts: 0 });
    expect(metric((await httpGet(node.healthUrl('/metrics'))).body, 'asteroids_storage_mounted')).toBe(1);
    // The peer monitor's first probe may still be running when /readyz turns 200.
    await pollUntil(
      async () => {
        const metrics = await httpGet(node.healthUrl('/metrics'));
        return peerReachable(metrics, 'gluster01') === 1 && peerReachable(metrics, 'gluster02') === 1;
      },
      { what: 'asteroids_peer_reachable 1 for both peers', intervalMs: 250, timeoutMs: 15_000 },
    );
  });

  // The seed's HA check: stop gluster02, start it, then the same with gluster01 (the mount server).
  it.each(['gluster02', 'gluster01'])(
    'answers 200 to every request while %s is stopped and started again',
    async (alias) => {
      const node = game();
      await waitBricksConnected(node, 60_000);
      const probes = [startHttpGapProbe(node.url('/')), startHttpGapProbe(node.url('/game.js'))];
      const stopSeconds = await dockerStop(serverId(alias), GRACE_PERIOD_S);
      // The stop reached the I/O path: the client lost that brick, and the agent sees the peer gone.
      await pollUntil(async () => (await brickConnections(node.container))[alias] === false, {
        what: `the FUSE client to lose ${alias}'s brick`,
        intervalMs: 200,
        timeoutMs: 30_000,
      });
      await pollUntil(async () => peerReachable(await httpGet(node.healthUrl('/metrics')), alias) === 0, {
        what: `asteroids to see ${alias} unreachable`,
        intervalMs: 500,
        timeoutMs: 30_000,
      });
      const restarting = performance.now();
      await dockerStart(serverId(alias));
      await waitServerReady(alias, 120_000);
      const serverReadySeconds = (performance.now() - restarting) / 1000;
      // The restarted brick listens on a new port; the client finds it through glusterd again.
      await waitBricksConnected(node, 120_000);
      const reconnectSeconds = (performance.now() - restarting) / 1000;
      const [page = [], script = []] = await Promise.all(probes.map((probe) => probe.stop()));
      console.log(
        `${alias} stopped in ${stopSeconds.toFixed(1)} s; after its start: ready ${serverReadySeconds.toFixed(1)} s, ` +
          `client reconnected ${reconnectSeconds.toFixed(1)} s; ` +
          `/ ${summarize(page)}; /game.js ${summarize(script)}`,
      );
      for (const samples of [page, script]) {
        expect(samples.length).toBeGreaterThan(10);
        expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
      }
      expect((await httpGet(node.healthUrl('/readyz'))).status).toBe(200);
    },
  );

  it('answers 503 at once while both servers are down and serves the game again once they are back, without restarting', async () => {
    const node = game();
    const before = await containerState(node.id);

    await Promise.all(['gluster01', 'gluster02'].map((alias) => dockerStop(serverId(alias), GRACE_PERIOD_S)));
    const stopped = performance.now();
    await pollUntil(async () => (await timedGet(node.url('/'), 5_000)).status === 503, {
      what: '/ to answer 503',
      intervalMs: 200,
      timeoutMs: 30_000,
    });
    const switchSeconds = (performance.now() - stopped) / 1000;

    const samples = [];
    for (let i = 0; i < 20; i++) samples.push(await timedGet(node.url(i % 2 ? '/game.js' : '/'), 5_000));
    const slowest = Math.max(...samples.map((sample) => sample.durationMs));
    console.log(`503 served ${switchSeconds.toFixed(1)} s after both servers stopped; ${summarize(samples)}`);
    expect(samples.map((sample) => sample.status)).toEqual(samples.map(() => 503));
    expect(slowest).toBeLessThan(1_000);

    const readyz = await httpGet(node.healthUrl('/readyz'));
    expect(readyz.status).toBe(503);
    expect(readyz.body).toMatch(/storage/i);

    const restarting = performance.now();
    await Promise.all(['gluster01', 'gluster02'].map((alias) => dockerStart(serverId(alias))));
    await pollUntil(async () => (await timedGet(node.url('/game.js'), 5_000)).status === 200, {
      what: '/game.js to answer 200 again',
      intervalMs: 500,
      timeoutMs: 180_000,
    });
    console.log(
      `game served again ${((performance.now() - restarting) / 1000).toFixed(1)} s after both servers started`,
    );

    expect((await httpGet(node.url('/'))).status).toBe(200);
    await node.waitReady(60_000);
    const welcome = await joinGame(
      `ws://127.0.0.1:${node.container.getMappedPort(HTTP_PORT)}/ws`,
      'ga-test-again',
    );
    expect(welcome).toMatchObject({ t: 'welcome' });

    const after = await containerState(node.id);
    expect(after).toMatchObject({
      running: true,
      startedAt: before.startedAt,
      restartCount: before.restartCount,
    });
    expect(
      metric((await httpGet(node.healthUrl('/metrics'))).body, 'asteroids_storage_remounts_total'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('stops on docker stop with exit code 0 within the grace period, all programs stopped cleanly', async () => {
    const node = game();
    const seconds = await dockerStop(node.id, GRACE_PERIOD_S);
    const state = await containerState(node.id);
    console.log(`asteroids stopped in ${seconds.toFixed(1)} s`);
    expect(state).toMatchObject({ running: false, exitCode: 0 });
    expect(seconds).toBeLessThan(GRACE_PERIOD_S);
    expect(await node.logs()).toContain('all programs stopped (cleanly)');
  });
});
