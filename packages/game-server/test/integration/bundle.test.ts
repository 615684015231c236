import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import { TestClient, waitFor } from './harness.js';

let bundle: string;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'game-bundle-'));
  bundle = await buildBundle(join(work, 'bundle'));
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the bundled server as the container would: plain node, no node_modules around it. */
function startBundled(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, [join(bundle, 'server', 'server.js'), ...args], {
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

describe('the bundled server', () => {
  it('runs from the bundle with plain node, serves the client and stops cleanly on SIGTERM', async () => {
    const lbPath = join(work, 'volume', 'leaderboard.json');
    const run = startBundled({ GAME_LEADERBOARD_PATH: lbPath, GAME_SHUTDOWN_GRACE_S: '5' }, ['0']);
    const port = await waitFor(
      'the listening log line',
      () => {
        const m = /"port":(\d+).*"msg":"listening"/.exec(run.out());
        return m ? Number(m[1]) : undefined;
      },
      20_000,
    );
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

  it('exits non-zero with one clear message for a bad setting', async () => {
    const run = startBundled({ GAME_ARENA_CAPACITY: 'lots' }, ['0']);
    expect(await run.exited).toBe(2);
    expect(run.err().trim()).toBe(
      'game-server: GAME_ARENA_CAPACITY is "lots", but it must be an integer from 1 to 256. Example: GAME_ARENA_CAPACITY=32',
    );
  });
});
