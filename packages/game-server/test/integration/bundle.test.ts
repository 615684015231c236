import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import { parseBoard } from '../../src/server/leaderboard/board.js';
import { KEY } from '../../src/shared/protocol/keys.js';
import { TestClient, waitFor } from './harness.js';

let bundle: string;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'game-bundle-'));
  // The leaderboard's directories exist, as the client-agent guarantees on the volume
  // ('volume-scores' is left out: that test has the server create it, as for a local run).
  for (const dir of ['volume', 'volume-crash']) await mkdir(join(work, dir));
  bundle = await buildBundle(join(work, 'bundle'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Preloaded to break the simulation thread for real, without a hook in the server. */
const BREAK_SIMULATION = fileURLToPath(new URL('../fixtures/break-simulation-thread.ts', import.meta.url));

/** Starts the bundled server as the container would: plain node, no node_modules around it. */
function startBundled(env: Record<string, string>, args: string[], nodeFlags: string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, join(bundle, 'server', 'server.js'), ...args], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '', GAME_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** The port from the server's "listening" log line. */
function listeningPort(run: ReturnType<typeof startBundled>): Promise<number> {
  return waitFor(
    'the listening log line',
    () => {
      const m = /"port":(\d+).*"msg":"listening"/.exec(run.out());
      return m ? Number(m[1]) : undefined;
    },
    20_000,
  );
}

/** The player's score in the latest scoreboard it received, if any. */
function latestScore(client: TestClient, name: string): number | undefined {
  for (let i = client.messages.length - 1; i >= 0; i--) {
    const m = client.messages[i];
    const rows = m?.t === 's' ? m.sb?.rows : undefined;
    const row = rows?.find((r) => r[1] === name);
    if (row) return row[3];
  }
  return undefined;
}

describe('the bundled server', () => {
  it('runs from the bundle with plain node, serves the client and stops cleanly on SIGTERM', async () => {
    const lbPath = join(work, 'volume', 'leaderboard.json');
    const run = startBundled({ GAME_LEADERBOARD_PATH: lbPath, GAME_SHUTDOWN_GRACE_S: '5' }, ['0']);
    const port = await listeningPort(run);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<canvas id="game">');
    const config = await (await fetch(`http://127.0.0.1:${port}/config.js`)).text();
    expect(config).toMatch(/^var HOST = '';$/m);
    expect(config).toMatch(/^var PORT = 0;$/m);
    const client = await TestClient.connect(port);
    await client.join('bundled');
    await waitFor('a snapshot', () => client.latestTick() > 0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(client.messages.at(-1)).toEqual({ t: 'bye', reason: 'shutdown' });
    expect(run.out()).toContain('"msg":"stopped"');
    // Every log line is JSON for the log collector.
    for (const line of run.out().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    await expect(readFile(lbPath, 'utf8')).rejects.toThrow(); // nobody scored: nothing to write
  });

  it('plays several players from its simulation thread and saves their scores on SIGTERM', async () => {
    const lbPath = join(work, 'volume-scores', 'leaderboard.json');
    const run = startBundled(
      {
        GAME_LEADERBOARD_PATH: lbPath,
        GAME_LEADERBOARD_CREATE_DIR: '1',
        GAME_SEED: '3',
        GAME_SHUTDOWN_GRACE_S: '5',
      },
      ['0'],
    );
    const port = await listeningPort(run);
    const players = await Promise.all(['ace', 'bo', 'cy'].map(() => TestClient.connect(port)));
    const ids = await Promise.all(players.map((p, i) => p.join(['ace', 'bo', 'cy'][i] ?? '')));
    expect(new Set(ids).size).toBe(3);
    // Spinning and shooting hits a rock within seconds; the scoreboard rides along once a second.
    for (const p of players) p.send({ t: 'input', k: KEY.fire | KEY.left });
    const score = await waitFor(
      'a player to score',
      () => latestScore(players[0] as TestClient, 'ace') || false,
      40_000,
    );
    for (const p of players) expect(p.latestTick()).toBeGreaterThan(0);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      players: number;
      tick: { p99Ms: number; sendP99Ms: number };
    };
    expect(health.players).toBe(3);
    expect(health.tick.sendP99Ms).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    for (const p of players) expect(p.messages.at(-1)).toEqual({ t: 'bye', reason: 'shutdown' });
    const saved = parseBoard(await readFile(lbPath, 'utf8')).find((e) => e.name === 'ace');
    expect(saved?.score).toBeGreaterThanOrEqual(score);
  });

  it('exits 1 with one clear log line when its simulation thread cannot start', async () => {
    const run = startBundled({ BREAK_SIMULATION: 'start' }, ['0'], ['--import', BREAK_SIMULATION]);
    expect(await run.exited).toBe(1);
    const lines = run
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, err: { code: 'GAME_ERR_SIMULATION_START' } });
    expect(lines[0].msg).toMatch(
      /did not start from the source embedded in server\.js: simulated: the thread cannot load/,
    );
  });

  it('exits 1 with the failure logged when its simulation thread dies while serving', async () => {
    const lbPath = join(work, 'volume-crash', 'leaderboard.json');
    const run = startBundled(
      { BREAK_SIMULATION: 'later', GAME_LEADERBOARD_PATH: lbPath },
      ['0'],
      ['--import', BREAK_SIMULATION],
    );
    await listeningPort(run);
    expect(await run.exited).toBe(1);
    const fatal = run
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ err: { code: 'GAME_ERR_SIMULATION_FAILED' } });
    expect(fatal[0].err.message).toContain('simulated: a bug in the simulation thread');
  });

  it('exits non-zero with one clear message for a bad setting', async () => {
    const run = startBundled({ GAME_ARENA_CAPACITY: 'lots' }, ['0']);
    expect(await run.exited).toBe(2);
    expect(run.err().trim()).toBe(
      'game-server: GAME_ARENA_CAPACITY is "lots", but it must be an integer from 1 to 256. Example: GAME_ARENA_CAPACITY=32',
    );
  });
});
