import * as fsp from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/server/app.js';
import type { VolumeFs } from '../../src/server/volume/volume-fs.js';
import type { LeaderboardMessage } from '../../src/shared/protocol/server-messages.js';
import { startServer, TestClient, waitFor } from './harness.js';

const servers: GameServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop(1000);
});

interface Health {
  leaderboard: {
    pending: number;
    saving: boolean;
    problem: { code: string; reason: string; since: string } | null;
  };
  storage: { inFlight: number; queued: number; stuck: number; timeoutS: number };
}

async function health(port: number): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
}

async function askLeaderboard(port: number): Promise<LeaderboardMessage> {
  const client = await TestClient.connect(port);
  clients.push(client);
  client.send({ t: 'lb' });
  return waitFor('the leaderboard reply', () => client.messages.find((m) => m.t === 'lb'));
}

describe('the game server while its volume is not mounted', () => {
  it('says it cannot save, in /healthz and to players, and saves once the volume is back', async () => {
    const mnt = join(await mkdtemp(join(tmpdir(), 'game-outage-')), 'mnt');
    await mkdir(mnt);
    const { server, port } = await startServer({
      GAME_LEADERBOARD_PATH: join(mnt, 'asteroids', 'leaderboard.json'),
    });
    servers.push(server);
    server.leaderboard.submit([{ name: 'ann', score: 40, kills: 2, at: 1 }]);

    const down = await waitFor('the failed save', async () => {
      const h = await health(port);
      return h.leaderboard.problem?.code === 'GAME_ERR_LEADERBOARD_UNMOUNTED' ? h : undefined;
    });
    expect(down.leaderboard).toMatchObject({ pending: 1, saving: false });
    expect(down.leaderboard.problem?.reason).toMatch(/does not exist: the volume is not mounted/);
    expect(await askLeaderboard(port)).toEqual({
      t: 'lb',
      top: [{ name: 'ann', score: 40, kills: 2, at: 1 }],
      saving: false,
      why: 'offline',
    });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^game_leaderboard_saving 0$/m);
    expect(metrics).toContain('game_leaderboard_last_failure{code="GAME_ERR_LEADERBOARD_UNMOUNTED"} 1');
    expect(await readdir(mnt)).toEqual([]);

    await mkdir(join(mnt, 'asteroids'));
    const up = await waitFor(
      'the kept score to be saved',
      async () => {
        const h = await health(port);
        return h.leaderboard.saving ? h : undefined;
      },
      15_000,
    );
    expect(up.leaderboard).toMatchObject({ pending: 0, problem: null });
    const reply = await askLeaderboard(port);
    expect(reply).not.toHaveProperty('saving');
    expect(reply).not.toHaveProperty('why');
  });
});

describe('serving the client from a hung volume', () => {
  it('answers 503 at the deadline, then at once while stuck, and serves again once the call returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'static-hung-'));
    await writeFile(join(dir, 'index.html'), '<canvas></canvas>');
    await writeFile(join(dir, 'slow.js'), '// on a hung mount');
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const volumeFs: VolumeFs = {
      ...fsp,
      readFile: (async (...args: Parameters<typeof fsp.readFile>) => {
        if (String(args[0]).endsWith('slow.js')) await answered;
        return fsp.readFile(...args);
      }) as typeof fsp.readFile,
    };
    const { server, port } = await startServer({ GAME_STATIC_DIR: dir, GAME_STORAGE_TIMEOUT_S: '1' }, 0, {
      volumeFs,
    });
    servers.push(server);
    let t = Date.now();
    const slow = await fetch(`http://127.0.0.1:${port}/slow.js`);
    expect(slow.status).toBe(503);
    expect(slow.headers.get('retry-after')).toBe('5');
    expect(await slow.json()).toMatchObject({ code: 'GAME_ERR_STORAGE_HUNG' });
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    expect(Date.now() - t).toBeLessThan(3000);

    t = Date.now();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(503);
    expect(Date.now() - t).toBeLessThan(500);
    expect((await health(port)).storage).toEqual({ inFlight: 1, queued: 0, stuck: 1, timeoutS: 1 });
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(
      /^game_storage_stuck_calls 1$/m,
    );

    answer();
    await waitFor('the stuck read to return', async () => (await health(port)).storage.stuck === 0);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<canvas></canvas>');
  });
});
