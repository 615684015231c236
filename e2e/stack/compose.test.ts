import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type ComposeProject, composeProject, stackUpProblems } from '../src/compose-project.js';
import { fetchLeaderboard, joinGame, playUntilScored, type ScoringPlayer } from '../src/game-socket.js';
import { parsePeerStatus, parseVolumeInfo } from '../src/gluster-xml.js';
import { waitForHttpStatus } from '../src/http-probe.js';

// docker-compose.yml itself, as a user runs it: `docker compose up --wait` with the :dev images,
// ports published on loopback only (BIND_ADDRESS) at ports Docker picks (HTTP_PORT=0).

const STORAGE = ['gluster01', 'gluster02'] as const;
const VOLUME = 'ranchervol';
/** Where the game keeps the leaderboard: on the volume, as the asteroids container mounts it. */
const LEADERBOARD_FILE = `/mnt/${VOLUME}/asteroids/leaderboard/leaderboard.json`;
/** The stack CA as every container mounts it (read-only), made by the `stack-ca` one-shot. */
const STACK_CA_FILE = '/run/secrets/gluster-asteroids/stack-ca.pem';
const UP_TIMEOUT_S = 240;
/** Each service's exit code, as `docker compose ps --all` reports it. */
async function exitCodes(project: ComposeProject): Promise<Record<string, number>> {
  const { stdout } = await project.run(['ps', '--all', '--format', 'json']);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as { Service: string; ExitCode: number })
      .map((row) => [row.Service, row.ExitCode]),
  );
}

/** What must survive `down` + `up`: the volume's id and every node's glusterd UUID and peers. */
interface ClusterIdentity {
  volumeId: string;
  /** SHA-256 fingerprint of the stack CA: the same CA after `down` + `up`, so the same trust. */
  caFingerprint: string;
  nodeUuids: Record<string, string>;
  /** Per node: the UUIDs of the peers it knows, sorted. */
  peerUuids: Record<string, string[]>;
}

async function clusterIdentity(project: ComposeProject): Promise<ClusterIdentity> {
  const gluster = (node: string, args: readonly string[]) =>
    project.exec(node, ['gluster', '--mode=script', '--xml', ...args]);
  const [volume] = parseVolumeInfo(await gluster('gluster01', ['volume', 'info', VOLUME]));
  const ca = await project.exec('gluster01', [
    'openssl',
    'x509',
    '-noout',
    '-fingerprint',
    '-sha256',
    '-in',
    STACK_CA_FILE,
  ]);
  const identity: ClusterIdentity = {
    volumeId: volume?.id ?? '',
    caFingerprint: ca.trim(),
    nodeUuids: {},
    peerUuids: {},
  };
  for (const node of STORAGE) {
    const info = await project.exec(node, ['cat', '/var/lib/glusterd/glusterd.info']);
    identity.nodeUuids[node] = /^UUID=(\S+)$/m.exec(info)?.[1] ?? '';
    const peers = parsePeerStatus(await gluster(node, ['peer', 'status']));
    expect(
      peers.every((peer) => peer.connected && peer.state === 3),
      `${node} peers: ${JSON.stringify(peers)}`,
    ).toBe(true);
    identity.peerUuids[node] = peers.map((peer) => peer.uuid).sort();
  }
  return identity;
}

/** URLs of the game as a browser reaches it through the published ports (looked up now). */
async function gameUrls(project: ComposeProject) {
  const httpPort = await project.port('asteroids', 80);
  const gamePort = await project.port('asteroids', 443);
  return {
    page: `http://127.0.0.1:${httpPort}/`,
    /** Through nginx, as the browser client connects. */
    nginxSocket: `ws://127.0.0.1:${httpPort}/ws`,
    /** The game server port of the seed, published as GAME_PORT. */
    gameSocket: `ws://127.0.0.1:${gamePort}/ws`,
  };
}

async function expectAllHealthy(project: ComposeProject, services: readonly string[]): Promise<void> {
  expect(stackUpProblems(await project.services(), services)).toEqual([]);
}

/** Time of each step, printed at the end for the report. */
const timings: string[] = [];
async function timed<T>(step: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await action();
  timings.push(`${step}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

describe('the optional compose files', () => {
  it('are valid on top of docker-compose.yml, and the privileged ones make every service privileged', async () => {
    // docker-compose.privileged.yml fails on hosts like ours (PLATFORM.md), so it is only checked.
    const cases = [
      { files: ['docker-compose.yml', 'docker-compose.3-nodes.yml'], privileged: [] },
      {
        files: ['docker-compose.yml', 'docker-compose.privileged.yml'],
        privileged: ['asteroids', 'gluster01', 'gluster02'],
      },
      {
        files: [
          'docker-compose.yml',
          'docker-compose.3-nodes.yml',
          'docker-compose.privileged.yml',
          'docker-compose.3-nodes.privileged.yml',
        ],
        privileged: ['asteroids', 'gluster01', 'gluster02', 'gluster03'],
      },
    ];
    for (const { files, privileged } of cases) {
      const { stdout } = await composeProject({ files }).run(['config', '--format', 'json']);
      const services = (JSON.parse(stdout) as { services: Record<string, { privileged?: boolean }> })
        .services;
      const isPrivileged = Object.keys(services)
        .filter((name) => services[name]?.privileged === true)
        .sort();
      expect(isPrivileged, files.join(' + ')).toEqual(privileged);
    }
  });
});

describe('docker-compose.yml: up, play, down + up keeps the game, down -v starts from zero', () => {
  const project = composeProject({ env: { BIND_ADDRESS: '127.0.0.1', HTTP_PORT: '0', GAME_PORT: '0' } });
  // Letters and digits only: the game cleans names, and this one must come back unchanged.
  const name = `ga${randomUUID().slice(0, 8)}`;
  let player: ScoringPlayer | undefined;
  let before: ClusterIdentity | undefined;

  afterAll(async () => {
    await project.destroy();
    console.log(`${project.name}: ${timings.join(', ')}`);
  });

  it('comes up healthy with no waiting by hand and serves the page and the game on both ports', async () => {
    await timed('first up --wait', () => project.up(UP_TIMEOUT_S));
    await expectAllHealthy(project, [...STORAGE, 'asteroids']);
    const urls = await gameUrls(project);
    const page = await waitForHttpStatus(urls.page, 200, 30_000);
    expect(page.body).toMatch(/<html/i);
    expect(await joinGame(urls.nginxSocket, 'ga-nginx')).toMatchObject({ t: 'welcome', name: 'ga-nginx' });
    expect(await joinGame(urls.gameSocket, 'ga-direct')).toMatchObject({ t: 'welcome', name: 'ga-direct' });
    before = await clusterIdentity(project);
    expect(before.volumeId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stops asteroids before the storage, with the round in progress saved and players closed cleanly', async () => {
    // A real player, still in the round (3 minutes long) when the stack stops: only the stop can
    // save this score, and only while the bricks still run.
    player = await playUntilScored((await gameUrls(project)).nginxSocket, name, 90_000);
    await timed('stop', () => project.run(['stop', '--timeout', '10'], 180_000));
    // 1001 "going away", carried by nginx: not a reset, and not nginx's own timeout.
    expect(player.closed()).toMatchObject({ code: 1001 });
    // 72 would be a program killed after its stop timeout.
    expect(await exitCodes(project)).toEqual({ asteroids: 0, gluster01: 0, gluster02: 0, 'stack-ca': 0 });
  });

  it('keeps the leaderboard and the cluster identity across down and up', async () => {
    if (!before || !player) throw new Error('the first up or the stop did not complete');
    await timed('down', () => project.run(['down', '--timeout', '10'], 180_000));
    expect(await project.services()).toEqual([]);
    // Two per storage node (brick, glusterd state) and the stack CA.
    expect((await project.objects('volume')).length).toBe(5);

    await timed('second up --wait', () => project.up(UP_TIMEOUT_S));
    await expectAllHealthy(project, [...STORAGE, 'asteroids']);
    expect(await clusterIdentity(project)).toEqual(before);
    expect(await project.exec('asteroids', ['cat', LEADERBOARD_FILE])).toContain(`"${name}"`);
    // The new game server read the board from the volume when it started.
    const urls = await gameUrls(project);
    const saved = (await fetchLeaderboard(urls.nginxSocket)).find((entry) => entry.name === name);
    expect(saved?.score).toBeGreaterThanOrEqual(player.score);
    expect(await joinGame(urls.gameSocket, 'ga-after-up')).toMatchObject({ t: 'welcome' });
  });

  it('down -v removes its containers, volumes and network', async () => {
    await timed('down -v', () => project.run(['down', '--volumes', '--timeout', '10'], 180_000));
    expect(await project.services()).toEqual([]);
    expect(await project.objects('volume')).toEqual([]);
    expect(await project.objects('network')).toEqual([]);
  });
});
