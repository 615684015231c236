import type { StartedTestContainer } from 'testcontainers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type AsteroidsNode, HTTP_PORT, startAsteroids } from '../../../../e2e/src/asteroids-node.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { containerLogs, containerState } from '../../../../e2e/src/docker-state.js';
import { joinGame, playUntilScored } from '../../../../e2e/src/game-socket.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { httpGet } from '../../../../e2e/src/http-probe.js';

// What code from the shared volume may do in a running asteroids container (issue #17): the game
// server runs as an unprivileged user without capabilities, writes only the leaderboard's
// directory, listens on loopback only, and every published port goes through nginx, which caps
// /ws connections per client address.

/** GAME_SERVER_PORT in the image: now nginx's second port. */
const GAME_PORT = 443;
/** GAME_INTERNAL_PORT's default: the game server, on 127.0.0.1 only. */
const INTERNAL_PORT = 8081;
const GAME_UID = 10001;
/** Small, so the test opens few sockets. */
const PER_ADDRESS = 3;
const MOUNT = '/mnt/ranchervol';

let cluster: GlusterCluster | undefined;
let asteroids: AsteroidsNode | undefined;
let failed = false;

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
  asteroids = await startAsteroids({
    network: cluster.network,
    // A fixed seed: a spinning, firing ship hits a rock within seconds.
    env: { GAME_SEED: '3', WS_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) },
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') failed = true;
});

afterAll(async () => {
  if (asteroids && failed) {
    const tail = (await asteroids.logs().catch(() => '')).split('\n').slice(-40).join('\n');
    console.log(`--- asteroids\n${tail}`);
  }
  await asteroids?.remove();
  await cluster?.stop();
});

function node(): AsteroidsNode {
  if (!asteroids) throw new Error('the asteroids container did not start');
  return asteroids;
}

function game(): StartedTestContainer {
  return node().container;
}

/** The container's address on the test network, where its ports answer as published ones do. */
function address(): string {
  return game().getIpAddress(cluster?.network.getName() ?? '');
}

/**
 * A URL on one of the ports compose publishes: HTTP_CLIENT_PORT through its mapped host port,
 * GAME_SERVER_PORT (not mapped by the shared helper) at the container's address. Both reach
 * nginx from outside the container, from the same client address (the network's gateway).
 */
function url(port: number, path: string): string {
  return port === HTTP_PORT ? node().url(path) : `http://${address()}:${port}${path}`;
}

function healthUrl(path: '/status' | '/metrics'): string {
  return node().healthUrl(path);
}

/** The game server's pid, as the agent's /status reports it. */
async function gameServerPid(): Promise<number> {
  const status = JSON.parse((await httpGet(healthUrl('/status'))).body) as {
    programs: Array<{ name: string; pid?: number }>;
  };
  const pid = status.programs.find((program) => program.name === 'game-server')?.pid;
  if (!pid) throw new Error(`no game-server pid in /status: ${JSON.stringify(status.programs)}`);
  return pid;
}

/** The `Key:\tvalue` lines of /proc/<pid>/status. */
async function procStatus(pid: number): Promise<Record<string, string>> {
  const text = await execOk(game(), ['cat', `/proc/${pid}/status`]);
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

/** /proc/<pid>/cmdline, arguments joined by spaces (readable by anyone, unlike cwd and environ). */
async function commandLine(pid: number): Promise<string> {
  return (await execOk(game(), ['cat', `/proc/${pid}/cmdline`])).split('\0').filter(Boolean).join(' ');
}

/** Runs a command inside the container as the game server's user and groups (none but its own). */
function asGameUser(command: readonly string[]) {
  return game().exec([
    'setpriv',
    `--reuid=${GAME_UID}`,
    `--regid=${GAME_UID}`,
    '--clear-groups',
    '--',
    ...command,
  ]);
}

/** Opens a WebSocket; resolves with it once open, or with the HTTP status of a refused handshake. */
function openSocket(target: string): Promise<{ socket?: WebSocket; refusedWith?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(target);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${target}: neither open nor refused within 10 s`));
    }, 10_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      socket.terminate();
      resolve({ refusedWith: response.statusCode ?? 0 });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Opens a WebSocket to nginx from inside the container, from 127.0.0.1: another client address. */
async function openFromLoopback(): Promise<string> {
  const script = `const ws = new WebSocket('ws://127.0.0.1:${GAME_PORT}/ws');
ws.onopen = () => { console.log('open'); ws.close(); process.exit(0); };
ws.onerror = (e) => { console.log('error ' + (e.message ?? '')); process.exit(1); };
setTimeout(() => { console.log('timeout'); process.exit(2); }, 10000);`;
  const result = await game().exec(['node', '-e', script]);
  return result.output.trim();
}

function metric(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('the game server in a running asteroids container', () => {
  it('runs as asteroids-game (uid 10001, no other group) with no capabilities, no_new_privs, and none of the agent environment', async () => {
    const pid = await gameServerPid();
    const status = await procStatus(pid);
    expect(await commandLine(pid)).toMatch(
      /^\/usr\/local\/bin\/node \/var\/lib\/asteroids\/game\/[0-9a-f]{40}\/server\/server\.js 8081$/,
    );
    expect(status.Uid?.split(/\s+/)).toEqual(['10001', '10001', '10001', '10001']);
    expect(status.Gid?.split(/\s+/)).toEqual(['10001', '10001', '10001', '10001']);
    expect(status.Groups ?? '').toBe('');
    for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapAmb']) {
      expect({ set, value: status[set] }).toEqual({ set, value: '0000000000000000' });
    }
    expect(status.NoNewPrivs).toBe('1');
    // The agent itself, for contrast: root with SYS_ADMIN, which the game server did not get.
    expect((await procStatus(1)).CapEff).not.toBe('0000000000000000');

    // Only its own user may read it (root in `docker exec` lacks CAP_SYS_PTRACE).
    const environ = (await asGameUser(['cat', `/proc/${pid}/environ`])).stdout.split('\0').filter(Boolean);
    const names = environ.map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(environ).toContain('GAME_HOST=127.0.0.1');
    expect(environ).toContain('GAME_SEED=3');
    expect(environ).toContain('HOME=/nonexistent');
    for (const agentOnly of [
      'GLUSTER_PEER',
      'GLUSTER_VOL',
      'HEALTH_PORT',
      'WS_CONNECTIONS_PER_ADDRESS',
      'GAME_REPO',
    ]) {
      expect(names).not.toContain(agentOnly);
    }
  });

  it("runs nginx's workers as www-data (uid 33), its master as root", async () => {
    // `<pid> <name> <uid>` of every process; a process may end while the loop reads.
    const processes = await execOk(game(), [
      'sh',
      '-c',
      'for f in /proc/[0-9]*/status; do awk \'/^Name:/ {n=$2} /^Uid:/ {print FILENAME, n, $2}\' "$f" 2>/dev/null; done; true',
    ]);
    const uids = processes
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, name]) => name === 'nginx')
      .map(([, , uid]) => uid ?? '');
    expect(uids).toContain('0');
    expect(uids.filter((uid) => uid !== '0').length).toBeGreaterThan(0);
    expect(new Set(uids.filter((uid) => uid !== '0'))).toEqual(new Set(['33']));
  });

  it('cannot write its release, its local copy or the game data directory, yet saves the leaderboard', async () => {
    const pid = await gameServerPid();
    const server = (await commandLine(pid)).split(' ')[1] ?? '';
    const localCopy = server.replace(/\/server\/server\.js$/, '');
    expect(localCopy).toMatch(/^\/var\/lib\/asteroids\/game\/[0-9a-f]{40}$/);
    const version = localCopy.split('/').pop() ?? '';
    const release = `${MOUNT}/asteroids/releases/${version}`;
    for (const dir of [
      localCopy,
      `${localCopy}/server`,
      '/var/lib/asteroids/game',
      release,
      `${release}/server`,
      `${MOUNT}/asteroids`,
      `${MOUNT}/asteroids/releases`,
    ]) {
      const attempt = await asGameUser(['touch', `${dir}/written-by-game`]);
      expect({ dir, exitCode: attempt.exitCode }).toEqual({ dir, exitCode: 1 });
      expect(attempt.output).toContain('Permission denied');
    }
    // Nor can it move the releases aside to put code of its own in their place.
    const rename = await asGameUser(['mv', `${MOUNT}/asteroids/releases`, `${MOUNT}/asteroids/mine`]);
    expect(rename.exitCode).not.toBe(0);
    expect((await asGameUser(['sh', '-c', `echo x >> ${localCopy}/server/server.js`])).exitCode).not.toBe(0);

    // The one place it may write: the leaderboard's directory.
    const board = `${MOUNT}/asteroids/leaderboard/leaderboard.json`;
    const probe = await asGameUser(['touch', `${MOUNT}/asteroids/leaderboard/probe`]);
    expect(probe.exitCode).toBe(0);
    await execOk(game(), ['rm', '-f', `${MOUNT}/asteroids/leaderboard/probe`]);

    const player = await playUntilScored(url(GAME_PORT, '/ws').replace(/^http/, 'ws'), 'isolated');
    player.leave();
    await pollUntil(
      async () => {
        const result = await game().exec(['cat', board]);
        return result.exitCode === 0 && result.stdout.includes('"isolated"') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the score of "isolated" in the leaderboard file' },
    );
    expect((await execOk(game(), ['stat', '-c', '%u:%g', board])).trim()).toBe(`${GAME_UID}:${GAME_UID}`);
    // The old path is a link to the board, for tools that read it there.
    expect(await execOk(game(), ['cat', `${MOUNT}/asteroids/leaderboard.json`])).toContain('"isolated"');
  });
});

describe("the agent's secrets", () => {
  // The stack CA (its key lets anyone join the storage cluster) and this container's gluster key.
  const SECRETS = ['/run/secrets/gluster-asteroids/stack-ca.pem', '/etc/ssl/glusterfs.key'];

  it('are not readable by the game user', async () => {
    // TLS is on by default: both files exist (the agent reads them), so the refusal is real.
    for (const file of SECRETS) {
      expect((await game().exec(['test', '-f', file])).exitCode, `${file} exists`).toBe(0);
      const attempt = await asGameUser(['cat', file]);
      expect({ file, exitCode: attempt.exitCode }).toEqual({ file, exitCode: 1 });
      expect(attempt.output).toContain('Permission denied');
    }
  });
});

/**
 * A gluster log's "unexpected eof" errors whose connection came from `address`: the line before
 * names the connection (`readv on <address>:<port> failed` in a brick's log, `... for peer
 * <address>:<port>` in glusterd's).
 */
function brokenHandshakesFrom(log: string, address: string): string[] {
  const lines = log.split('\n');
  return lines.filter(
    (line, index) =>
      line.includes('unexpected eof while reading') &&
      [`readv on ${address}:`, `for peer ${address}:`].some((names) =>
        (lines[index - 1] ?? '').includes(names),
      ),
  );
}

describe("the agent's probes of the servers", () => {
  it('speak TLS with its own certificate: glusterd and the brick log no broken handshake for them', async () => {
    // The peer monitor probes every 10 s and the brick gate probed during the mount.
    const started = Date.parse((await containerState(node().id)).startedAt);
    const probedTwice = started + 21_000 - Date.now();
    if (probedTwice > 0) await new Promise((resolve) => setTimeout(resolve, probedTwice));
    const server = cluster?.node('gluster01');
    if (!server) throw new Error('the cluster did not start');
    const glusterd = await containerLogs(server.getId());
    const brick = await execOk(server, ['cat', '/var/log/glusterfs/bricks/gluster_volume-brick.log']);
    // Handshakes happened (mounts and probes), and none of them ended as a plain TCP probe does.
    expect(glusterd).toContain('ssl_setup_connection_params');
    // gluster's own clients end connections that way too (the servers' `heal info`, the CLI of a
    // node's first start): only connections from this container's address count.
    const address = (await execOk(game(), ['hostname', '-i'])).trim().split(/\s+/)[0] ?? '';
    expect(brokenHandshakesFrom(glusterd, address)).toEqual([]);
    expect(brokenHandshakesFrom(brick, address)).toEqual([]);
    expect(brick).toContain(`for peer ${address}:`);
  });
});

describe('the published ports', () => {
  it.each([GAME_PORT, HTTP_PORT])(
    'port %i serves the page, config.js and /ws through nginx',
    async (port) => {
      const page = await httpGet(url(port, '/'));
      expect(page.status).toBe(200);
      expect(page.body).toContain('src="game.js"');
      const config = await httpGet(url(port, '/config.js'));
      expect(config.status).toBe(200);
      expect(config.body).toContain('var PORT = 0;');
      const welcome = await joinGame(url(port, '/ws').replace(/^http/, 'ws'), `via-${port}`);
      expect(welcome).toMatchObject({ t: 'welcome', name: `via-${port}` });
    },
  );

  it("never reach the game server's /metrics or /healthz, which the agent's health port carries instead", async () => {
    for (const port of [GAME_PORT, HTTP_PORT]) {
      for (const path of ['/metrics', '/healthz', '/ws/../metrics', '/wsmetrics', '/ws/healthz']) {
        const answer = await httpGet(url(port, path));
        expect({ port, path, status: answer.status }).toEqual({ port, path, status: 404 });
        expect(answer.body).not.toContain('game_players');
        expect(answer.body).not.toContain('leaderboard');
      }
    }
    // The game server listens on loopback only: not on the container's network address.
    await expect(httpGet(`http://${address()}:${INTERNAL_PORT}/metrics`, 3_000)).rejects.toThrow();
    const listening = await execOk(game(), ['cat', '/proc/net/tcp']);
    // 0100007F:1F91 is 127.0.0.1:8081 in /proc/net/tcp; 0A is LISTEN.
    expect(listening).toMatch(/^\s*\d+: 0100007F:1F91 00000000:0000 0A /m);
    expect(listening).not.toMatch(/^\s*\d+: 00000000:1F91 /m);

    const agent = (await httpGet(healthUrl('/metrics'))).body;
    expect(metric(agent, 'asteroids_game_metrics_up')).toBe(1);
    expect(metric(agent, 'game_players')).toBeGreaterThanOrEqual(0);
    expect(agent).toMatch(/^game_server_process_resident_memory_bytes \d+/m);
    // The agent's /status still reads the game server's leaderboard figures, over loopback.
    const status = JSON.parse((await httpGet(healthUrl('/status'))).body) as {
      leaderboard: { state: string };
    };
    expect(status.leaderboard.state).toBe('read');
  });
});

describe('the per-address cap on /ws', () => {
  it(`refuses a ${PER_ADDRESS + 1}th connection from one address with 429, counts it, and still takes another address`, async () => {
    const target = url(GAME_PORT, '/ws').replace(/^http/, 'ws');
    const held: WebSocket[] = [];
    try {
      for (let i = 0; i < PER_ADDRESS; i++) {
        const { socket } = await openSocket(target);
        expect(socket, `connection ${i + 1} of ${PER_ADDRESS}`).toBeDefined();
        if (socket) held.push(socket);
      }
      const before = metric((await httpGet(healthUrl('/metrics'))).body, 'asteroids_ws_refused_total') ?? 0;
      expect(await openSocket(target)).toEqual({ refusedWith: 429 });
      // The other port is the same nginx: the same address is capped there too.
      expect(await openSocket(url(HTTP_PORT, '/ws').replace(/^http/, 'ws'))).toEqual({ refusedWith: 429 });
      // Another client address (the container's loopback) is not affected.
      expect(await openFromLoopback()).toBe('open');

      await pollUntil(
        async () => {
          const total =
            metric((await httpGet(healthUrl('/metrics'))).body, 'asteroids_ws_refused_total') ?? 0;
          return total >= before + 2 ? total : undefined;
        },
        {
          timeoutMs: 10_000,
          intervalMs: 250,
          description: 'asteroids_ws_refused_total to count both refusals',
        },
      );
      expect(await containerLogs(node().id)).toContain('limiting connections by zone \\"ws_per_address\\"');
    } finally {
      for (const socket of held) socket.terminate();
    }
    // Once they are closed, the address may connect again.
    await pollUntil(
      async () => {
        const { socket, refusedWith } = await openSocket(target);
        socket?.terminate();
        return refusedWith === undefined ? true : undefined;
      },
      {
        timeoutMs: 10_000,
        intervalMs: 250,
        description: 'a connection from the same address after the others closed',
      },
    );
  });
});
