import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AsteroidsNode, startAsteroids } from '../../../../e2e/src/asteroids-node.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import {
  containerLogs,
  containerState,
  dockerPause,
  dockerStop,
  dockerUnpause,
  networkConnect,
  networkDisconnect,
} from '../../../../e2e/src/docker-state.js';
import { playUntilScored } from '../../../../e2e/src/game-socket.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK } from '../../../../e2e/src/gluster-node.js';
import { httpGet } from '../../../../e2e/src/http-probe.js';

// Storage trouble over a stack's life, seen from outside the asteroids container: a volume that
// fills up (bricks on a 40 MB tmpfs) and an outage of every storage server. The game must stay
// served where it can be, scores must wait in memory and reach the volume afterwards, and nothing
// may be written under the mount point while it is not mounted. Last, a stop with every server
// hung must still end within the grace period.

const MOUNT_POINT = '/mnt/ranchervol';
const LEADERBOARD_ON_BRICK = `${DEFAULT_BRICK}/asteroids/leaderboard/leaderboard.json`;
/** The write monitor checks every 10 s: a change shows within two of its rounds. */
const WRITE_STATE_TIMEOUT_MS = 30_000;

/** The parts of the client-agent's /status this file reads. */
interface Status {
  storage: {
    state: string;
    writes: { state: string; problem?: string; fix?: string };
  };
  leaderboard?: { pending?: number; saving?: boolean };
}

let cluster: GlusterCluster | undefined;
let asteroids: AsteroidsNode | undefined;

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [
      { alias: 'gluster01', brickSize: '40m' },
      { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' }, brickSize: '40m' },
    ],
  });
  // A fixed seed: a spinning, firing ship hits a rock within seconds.
  asteroids = await startAsteroids({ network: cluster.network, env: { GAME_SEED: '3' } });
});

let failed = false;
afterEach((context) => {
  if (context.task.result?.state === 'fail') failed = true;
});

afterAll(async () => {
  // What the containers said, when something failed: the only trace of why.
  if (failed) {
    for (const [name, logs] of [
      ['asteroids', () => node().logs()],
      ...['gluster01', 'gluster02'].map(
        (alias) => [alias, () => containerLogs(servers().node(alias).getId())] as const,
      ),
    ] as const) {
      const tail = (await logs().catch(() => '')).split('\n').slice(-25).join('\n');
      console.log(`--- ${name}\n${tail}`);
    }
  }
  await asteroids?.remove();
  await cluster?.stop();
});

function node(): AsteroidsNode {
  if (!asteroids) throw new Error('the asteroids container did not start');
  return asteroids;
}

function servers(): GlusterCluster {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster;
}

async function status(): Promise<Status> {
  return JSON.parse((await httpGet(node().healthUrl('/status'))).body) as Status;
}

async function metric(name: string): Promise<number | undefined> {
  const text = (await httpGet(node().healthUrl('/metrics'))).body;
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

function wsUrl(): string {
  return node().url('/ws').replace(/^http/, 'ws');
}

/** The leaderboard as both bricks hold it (read on the servers, not through a client). */
async function leaderboardOnBricks(): Promise<string[]> {
  return Promise.all(
    ['gluster01', 'gluster02'].map((alias) =>
      servers()
        .node(alias)
        .exec(['cat', LEADERBOARD_ON_BRICK])
        .then((result) => (result.exitCode === 0 ? result.stdout : '')),
    ),
  );
}

async function waitOnBothBricks(name: string): Promise<void> {
  await pollUntil(
    async () => (await leaderboardOnBricks()).every((board) => board.includes(`"${name}"`)) || undefined,
    { timeoutMs: 60_000, intervalMs: 1_000, description: `${name} on the leaderboard of both bricks` },
  );
}

describe('a full volume', () => {
  it('is still served, says why it takes no writes, keeps the scores and saves them once space returns', async () => {
    // Fill the bricks through the mount. dd's own error is ENOSPC, or EIO when the two bricks
    // ran out at different writes: each then blames the other for the filler's data, so gluster
    // will not pick a copy. Either way both bricks are full, which is what the agent must see.
    const fill = await node().container.exec([
      'dd',
      'if=/dev/zero',
      `of=${MOUNT_POINT}/filler`,
      'bs=1M',
      'count=200',
    ]);
    expect(fill.output).toMatch(/No space left on device|Input\/output error/);
    try {
      await assertFullVolumeHandled();
    } finally {
      // Whatever failed above, the next cases need the space back.
      await node().container.exec(['rm', '-f', `${MOUNT_POINT}/filler`]);
    }
    await pollUntil(async () => (await status()).storage.writes.state === 'writable' || undefined, {
      timeoutMs: WRITE_STATE_TIMEOUT_MS,
      intervalMs: 1_000,
      description: 'the agent to see the volume take writes again',
    });
    await waitOnBothBricks('fullvol');
    expect(await metric('asteroids_storage_writable')).toBe(1);
  });
});

/** Both bricks are full: served, not writable with the reason, and a score that waits. */
async function assertFullVolumeHandled(): Promise<void> {
  for (const alias of ['gluster01', 'gluster02']) {
    const free = await execOk(servers().node(alias), ['df', '--output=avail', '-B1M', DEFAULT_BRICK]);
    expect(Number(free.trim().split('\n').at(-1)), `free MiB on ${alias}'s brick`).toBeLessThan(2);
  }
  const full = await pollUntil(
    async () => {
      const now = await status();
      return now.storage.writes.state === 'not-writable' ? now : undefined;
    },
    {
      timeoutMs: WRITE_STATE_TIMEOUT_MS,
      intervalMs: 1_000,
      description: 'the agent to see the volume full',
    },
  );
  console.log(`full: ${JSON.stringify(full.storage.writes)}`);
  expect(full.storage.writes).toMatchObject({
    problem: 'full',
    fix: expect.stringContaining('free space'),
  });
  expect(await metric('asteroids_storage_writable')).toBe(0);
  // Readable, so served: the page, the game's code and readiness (with a notice saying why).
  expect((await httpGet(node().url('/'))).status).toBe(200);
  expect((await httpGet(node().url('/game.js'))).status).toBe(200);
  const ready = await httpGet(node().healthUrl('/readyz'));
  expect(ready.status).toBe(200);
  expect(ready.body).toMatch(/not writable since .*a brick is full/);

  const player = await playUntilScored(wsUrl(), 'fullvol');
  player.leave();
  await pollUntil(async () => ((await status()).leaderboard?.pending ?? 0) > 0 || undefined, {
    timeoutMs: 15_000,
    intervalMs: 500,
    description: "the player's score to wait in the game server",
  });
  // Saving fails at the game server's first write after the score (a flush batches for 1 s).
  await pollUntil(async () => (await status()).leaderboard?.saving === false || undefined, {
    timeoutMs: 15_000,
    intervalMs: 500,
    description: 'the game server to say it cannot save',
  });
  expect((await leaderboardOnBricks()).some((board) => board.includes('"fullvol"'))).toBe(false);
}

describe('an outage of every storage server', () => {
  it('keeps the scores made meanwhile in memory, writes nothing under the mount point, and saves them after it', async () => {
    // Cut off rather than stopped: a stopped server's tmpfs brick would come back empty. To the
    // asteroids container it is the same outage (ENOTCONN once the ping timeout has passed).
    const network = servers().network.getName();
    const aliases = ['gluster01', 'gluster02'];
    const player = await playUntilScored(wsUrl(), 'outage');
    await Promise.all(aliases.map((alias) => networkDisconnect(network, servers().node(alias).getId())));
    await pollUntil(async () => (await status()).storage.state !== 'mounted' || undefined, {
      timeoutMs: 30_000,
      intervalMs: 500,
      description: 'the agent to see the storage down',
    });
    // The round's score is submitted while nothing is mounted.
    player.leave();
    await pollUntil(async () => ((await status()).leaderboard?.pending ?? 0) > 0 || undefined, {
      timeoutMs: 15_000,
      intervalMs: 500,
      description: 'the score to wait in the game server',
    });
    // Give the game server's retries a few rounds to try the unmounted path.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const mounts = await execOk(node().container, ['cat', '/proc/self/mounts']);
    expect(mounts).not.toContain(` ${MOUNT_POINT} fuse.glusterfs`);
    // The mount point on the container's own disk: nothing was written there.
    const local = (await execOk(node().container, ['ls', '-A', MOUNT_POINT])).trim();
    expect(local).toBe('');

    await Promise.all(aliases.map((alias) => networkConnect(network, servers().node(alias).getId(), alias)));
    await pollUntil(async () => (await status()).storage.state === 'mounted' || undefined, {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      description: 'the agent to remount',
    });
    await waitOnBothBricks('outage');
    expect((await status()).leaderboard?.pending).toBe(0);
  });
});

describe('a stop while every storage server hangs', () => {
  it('ends within the grace period: nothing waits on the hung mount past its deadline', async () => {
    const ids = ['gluster01', 'gluster02'].map((alias) => servers().node(alias).getId());
    // A player in the round: the game server tries to save its score at the stop, on the hung mount.
    const player = await playUntilScored(wsUrl(), 'hung');
    await Promise.all(ids.map((id) => dockerPause(id)));
    try {
      // Let the mount notice nothing: the stop comes while the agent still believes it mounted.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const graceS = 10;
      const tookS = await dockerStop(node().id, graceS);
      const state = await containerState(node().id);
      console.log(`stop with hung storage: ${tookS.toFixed(1)} s, exit ${state.exitCode}`);
      // Docker's SIGKILL after the grace period would show as 137 and ~10 s.
      expect(state.exitCode).not.toBe(137);
      expect(tookS).toBeLessThan(graceS);
      expect(player.closed()?.code).toBe(1001);
    } finally {
      await Promise.all(ids.map((id) => dockerUnpause(id)));
    }
  });
});
