import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GameServer } from '../../src/server/app.js';
import { KEY } from '../../src/shared/protocol/keys.js';
import { startServer, TestClient, waitFor } from './harness.js';

let server: GameServer;
let port: number;

beforeAll(async () => {
  ({ server, port } = await startServer());
});
afterAll(async () => {
  await server.stop(2000);
});

/** Sends frames built from a seeded generator: junk, near-misses and valid-looking garbage. */
function hostileFrames(count: number, seed: number): Array<string | Buffer> {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const templates = [
    () => `{"t":"input","k":${Math.floor(rand() * 1e6)}}`,
    () => `{"t":"join","name":${JSON.stringify('x'.repeat(Math.floor(rand() * 200)))},"hue":-1}`,
    () => '{"t":"__proto__","constructor":{"prototype":{"polluted":1}}}',
    () => JSON.stringify({ t: 'ping', c: 'NaN' }),
    () => '['.repeat(Math.floor(rand() * 400)),
    () => Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))),
    () => String.fromCharCode(...Array.from({ length: 50 }, () => Math.floor(rand() * 0xd7ff))),
  ];
  return Array.from({ length: count }, () => templates[Math.floor(rand() * templates.length)]!());
}

describe('protocol robustness', () => {
  it('keeps serving a well-behaved player while another sends random and malformed frames', async () => {
    const good = await TestClient.connect(port);
    const bad = await TestClient.connect(port);
    const goodId = await good.join('good');
    await bad.join('bad');
    const before = good.latestTick();
    for (const frame of hostileFrames(40, 7)) bad.ws.send(frame);
    good.send({ t: 'input', k: KEY.thrust | KEY.left });
    await waitFor('snapshots to keep flowing', () => good.latestTick() > before + 10);
    const ships = good.messages.flatMap((m) => (m.t === 's' ? (m.sh ?? []) : []));
    const mine = ships.filter((s) => s[0] === goodId);
    expect(new Set(mine.map((s) => `${s[1]},${s[2]}`)).size).toBeGreaterThan(1);
    expect(good.closed).toBeUndefined();
    expect(bad.messages.some((m) => m.t === 'error')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    good.close();
    bad.close();
  });

  it('closes a connection that sends a frame over the size limit, without touching others', async () => {
    const good = await TestClient.connect(port);
    await good.join('steady');
    const big = await TestClient.connect(port);
    big.ws.send('x'.repeat(64 * 1024));
    const closed = await waitFor('oversized sender to be closed', () => big.closed);
    expect(closed.code).toBe(1009);
    const tick = good.latestTick();
    await waitFor('the other player to keep getting snapshots', () => good.latestTick() > tick + 3);
    expect(good.closed).toBeUndefined();
    good.close();
  });

  it('closes a flooding connection as abusive while a normal player keeps playing', async () => {
    const good = await TestClient.connect(port);
    await good.join('calm');
    const flood = await TestClient.connect(port);
    for (let i = 0; i < 600; i++) flood.send({ t: 'input', k: i % 16 });
    const closed = await waitFor('flooder to be closed', () => flood.closed);
    expect(closed).toEqual({ code: 1008, reason: 'abuse' });
    const tick = good.latestTick();
    await waitFor('snapshots to continue', () => good.latestTick() > tick + 3);
    good.close();
  });

  it('reports players, arenas and traffic on /metrics', async () => {
    const c = await TestClient.connect(port);
    await c.join('metered');
    await waitFor('a snapshot', () => c.latestTick() > 0);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toMatch(/^game_players [1-9]/m);
    expect(text).toMatch(/^game_arenas [1-9]/m);
    expect(text).toContain('game_tick_duration_seconds_bucket');
    expect(text).toMatch(/^game_bytes_out_total [1-9]/m);
    expect(text).toMatch(/^game_messages_in_total\{result="ok"\} [1-9]/m);
    c.close();
  });
});

describe('allowed origins', () => {
  it('refuses browsers from other origins and accepts listed ones', async () => {
    const limited = await startServer({ GAME_ALLOWED_ORIGINS: 'http://good.example' });
    try {
      await expect(TestClient.connect(limited.port, { Origin: 'http://evil.example' })).rejects.toThrow(
        'HTTP 403',
      );
      const ok = await TestClient.connect(limited.port, { Origin: 'http://good.example' });
      expect(ok.ws.readyState).toBe(WebSocket.OPEN);
      ok.close();
    } finally {
      await limited.server.stop(2000);
    }
  });
});
