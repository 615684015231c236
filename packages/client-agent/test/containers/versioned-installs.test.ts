import { pollUntil } from '@gluster-asteroids/agent-runtime';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentLogLine, agentLogLines } from '../../../../e2e/src/agent-log.js';
import {
  ASTEROIDS_HEALTH_PORT,
  type AsteroidsNode,
  HTTP_PORT,
  startAsteroids,
} from '../../../../e2e/src/asteroids-node.js';
import { dockerRestart, mappedPortNow } from '../../../../e2e/src/docker-state.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { httpGet, waitForHttpStatus } from '../../../../e2e/src/http-probe.js';
import { IMAGES } from '../../../../e2e/src/images.js';

// A rolling upgrade: containers of the working tree's image serve its game, then a container of
// a newer image (the same image with a changed page committed to its game.git, as a new build
// of a changed game makes) joins. Each must serve the game its own image ships, also after a
// restart, from a release of its own on the volume.

/** What the newer image's page carries and the older one's does not. */
const MARKER = '<!-- ga-test: the upgraded game -->';
const UPGRADED_TAG = `gluster-asteroids/asteroids:ga-test-upgraded-${process.pid}`;
/** The image's GAME_REPO with one more commit, made as the image's Dockerfile makes its own. */
const UPGRADED_DOCKERFILE = `FROM ${IMAGES.asteroids.tag}
RUN git clone --quiet /opt/gluster-asteroids/game.git /tmp/game \\
 && echo '${MARKER}' >> /tmp/game/client/index.html \\
 && git -C /tmp/game add -A \\
 && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t \\
    GIT_COMMITTER_EMAIL=t@example.invalid GIT_AUTHOR_DATE=2000-01-02T00:00:00Z \\
    GIT_COMMITTER_DATE=2000-01-02T00:00:00Z git -C /tmp/game commit --quiet -m upgraded \\
 && rm -rf /opt/gluster-asteroids/game.git \\
 && git clone --quiet --bare /tmp/game /opt/gluster-asteroids/game.git \\
 && rm -rf /tmp/game
`;
const RELEASES = '/mnt/ranchervol/asteroids/releases';

let cluster: GlusterCluster | undefined;
const started: AsteroidsNode[] = [];

beforeAll(async () => {
  const [, created] = await Promise.all([
    execa('docker', ['build', '--quiet', '-t', UPGRADED_TAG, '-'], {
      input: UPGRADED_DOCKERFILE,
      env: { DOCKER_BUILDKIT: '1' },
      timeout: 300_000,
    }),
    startGlusterCluster({
      nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
    }),
  ]);
  cluster = created;
});

afterAll(async () => {
  await Promise.all(started.map((node) => node.remove()));
  await cluster?.stop();
  await execa('docker', ['rmi', '--force', UPGRADED_TAG], { reject: false, timeout: 60_000 });
});

async function start(image?: string): Promise<AsteroidsNode> {
  if (!cluster) throw new Error('the cluster did not start');
  const node = await startAsteroids({ network: cluster.network, ...(image ? { image } : {}) });
  started.push(node);
  return node;
}

/** The page nginx serves, through the host port mapped now (a restart may change it). */
async function page(node: AsteroidsNode): Promise<string> {
  const answer = await httpGet(`http://127.0.0.1:${await mappedPortNow(node.id, HTTP_PORT)}/`);
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The agent's last line saying which release it serves (one per start). */
async function servedRelease(
  node: AsteroidsNode,
): Promise<AgentLogLine & { version: string; tookMs: number }> {
  const lines = agentLogLines(await node.logs()).filter(
    (line) =>
      line.msg === 'the game is already on the volume' || line.msg.startsWith('serving game release '),
  );
  const last = lines.at(-1);
  if (!last) throw new Error('the agent never said which game release it serves');
  return last as AgentLogLine & { version: string; tookMs: number };
}

async function restart(node: AsteroidsNode): Promise<void> {
  await dockerRestart(node.id, 10);
  const health = await mappedPortNow(node.id, ASTEROIDS_HEALTH_PORT);
  await waitForHttpStatus(`http://127.0.0.1:${health}/readyz`, 200, 120_000);
}

/** What the game server, on its own loopback port inside the container (GAME_INTERNAL_PORT), serves at `/`. */
async function gameServerPage(node: AsteroidsNode): Promise<string> {
  const script =
    "fetch('http://127.0.0.1:8081/').then(async (r) => { process.stdout.write(await r.text()); process.exitCode = r.ok ? 0 : 1; })";
  return pollUntil(
    async () => ({ done: true, value: await execOk(node.container, ['node', '-e', script]) }),
    {
      what: 'the game server to serve its page',
      intervalMs: 250,
      timeoutMs: 30_000,
    },
  );
}

let old: AsteroidsNode | undefined;
let upgraded: AsteroidsNode | undefined;
let oldVersion = '';
let newVersion = '';

describe('game versions on the volume during a rolling upgrade', () => {
  it('installs the version each image ships beside the other, and each container serves its own', async () => {
    old = await start();
    const oldServes = await servedRelease(old);
    oldVersion = oldServes.version;
    expect(oldVersion).toMatch(/^[0-9a-f]{40}$/);
    expect(await page(old)).not.toContain(MARKER);

    upgraded = await start(UPGRADED_TAG);
    const newServes = await servedRelease(upgraded);
    newVersion = newServes.version;
    expect(newVersion).toMatch(/^[0-9a-f]{40}$/);
    expect(newVersion).not.toBe(oldVersion);
    expect(agentLogLines(await upgraded.logs()).map((line) => line.msg)).toContain('game installed');
    expect(await page(upgraded)).toContain(MARKER);
    // The older container, running all along, still serves its own game.
    expect(await page(old)).not.toContain(MARKER);

    const releases = (await execOk(old.container, ['ls', '-A', RELEASES])).split('\n').filter(Boolean);
    expect(releases.filter((name) => !name.startsWith('.')).sort()).toEqual([oldVersion, newVersion].sort());
    const leases = await execOk(old.container, ['ls', `${RELEASES}/.leases`]);
    expect(leases).toContain(`@${oldVersion}.json`);
    expect(leases).toContain(`@${newVersion}.json`);
    // No docroot of the kind before versions: only the releases and the game's data beside them.
    const data = (await execOk(old.container, ['ls', '-A', '/mnt/ranchervol/asteroids'])).split('\n');
    expect(data).not.toContain('documentroot');

    // The game server runs from the container's own copy, and serves that copy's client.
    const commandLines = await execOk(upgraded.container, [
      'sh',
      '-c',
      'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done',
    ]);
    expect(commandLines).toContain(`/var/lib/asteroids/game/${newVersion}/server/server.js 8081`);
    expect(await gameServerPage(upgraded)).toContain(MARKER);
    console.log(
      `old image ${oldVersion.slice(0, 12)} installed in ${oldServes.tookMs} ms, upgraded ` +
        `${newVersion.slice(0, 12)} in ${newServes.tookMs} ms`,
    );
  });

  it('serves each container its own version after a restart, and a new container of the old image too', async () => {
    if (!old || !upgraded) throw new Error('the first test did not start both containers');
    await restart(upgraded);
    const afterRestart = await servedRelease(upgraded);
    expect(afterRestart).toMatchObject({ msg: 'the game is already on the volume', version: newVersion });
    expect(await page(upgraded)).toContain(MARKER);

    await restart(old);
    expect((await servedRelease(old)).version).toBe(oldVersion);
    expect(await page(old)).not.toContain(MARKER);

    // A fresh container of the old image: its release is present; it copies it to its own disk.
    const another = await start();
    const found = await servedRelease(another);
    expect(found).toMatchObject({ msg: 'the game is already on the volume', version: oldVersion });
    expect(await page(another)).not.toContain(MARKER);
    expect(await gameServerPage(another)).not.toContain(MARKER);
    console.log(
      `release present: ${afterRestart.tookMs} ms after a restart (local copy kept), ` +
        `${found.tookMs} ms in a new container (its copy made from the clone done while mounting)`,
    );
  });
});
