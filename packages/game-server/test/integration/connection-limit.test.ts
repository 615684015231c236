import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GameServer } from '../../src/server/app.js';
import type { ServerMessage } from '../../src/shared/protocol/server-messages.js';
import { readMetric, startServer, TestClient, waitFor } from './harness.js';

const MAX = 4;
let server: GameServer;
let port: number;

beforeAll(async () => {
  ({ server, port } = await startServer({ GAME_MAX_CONNECTIONS: String(MAX) }));
});
afterAll(async () => {
  await server.stop(2000);
});

/** How one connection attempt ended: admitted (still open), closed after opening, or an HTTP status. */
type Outcome =
  | { kind: 'open'; ws: WebSocket }
  | { kind: 'closed'; code: number; reason: string; messages: ServerMessage[] }
  | { kind: 'http'; status: number };

/** Opens a connection and waits until it is clearly admitted (open 300 ms) or refused. */
function attempt(): Promise<Outcome> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const messages: ServerMessage[] = [];
  return new Promise((resolve) => {
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
    ws.on('open', () => {
      // An admitted connection stays open; a refused one is closed at once after its bye.
      const admitted = setTimeout(() => resolve({ kind: 'open', ws }), 300);
      ws.on('close', () => clearTimeout(admitted));
    });
    ws.on('close', (code, reason) => resolve({ kind: 'closed', code, reason: reason.toString(), messages }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ kind: 'http', status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

describe('connection limit (GAME_MAX_CONNECTIONS)', () => {
  it('refuses connections beyond the cap as full, counts them, and keeps serving the player already in', async () => {
    const honest = await TestClient.connect(port);
    await honest.join('honest');
    const before = honest.latestTick();

    const outcomes = await Promise.all(Array.from({ length: 30 }, () => attempt()));
    const admitted = outcomes.filter((o) => o.kind === 'open');
    const refused = outcomes.filter((o) => o.kind === 'closed');
    expect(admitted).toHaveLength(MAX - 1);
    expect(refused).toHaveLength(30 - (MAX - 1));
    for (const r of refused) {
      // What the browser shows: the close reason with 1013 (try again later), and a bye before it.
      expect(r).toMatchObject({ code: 1013, reason: 'server full' });
      expect(r.kind === 'closed' && r.messages).toEqual([{ t: 'bye', reason: 'full' }]);
    }
    expect(await readMetric(port, 'game_connections_refused_total{reason="full"}')).toBe(refused.length);
    expect(await readMetric(port, 'game_connections')).toBe(MAX);

    // The cap is on /ws only: the internal endpoints the client-agent scrapes on loopback answer.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);

    await waitFor('the honest player to keep getting snapshots', () => honest.latestTick() > before + 10);
    expect(honest.closed).toBeUndefined();

    // The slots come back when those connections close.
    for (const a of admitted) if (a.kind === 'open') a.ws.close();
    await waitFor('slots to be released', async () => (await readMetric(port, 'game_connections')) === 1);
    const late = await TestClient.connect(port);
    expect(await late.join('late')).toBeGreaterThan(0);
    late.close();
    honest.close();
    await waitFor('all closed', async () => (await readMetric(port, 'game_connections')) === 0);
  });

  it('answers 503 before the upgrade once many refusals wait for their close, and cuts those clients off', async () => {
    const holders = await Promise.all(Array.from({ length: MAX }, () => TestClient.connect(port)));
    // Raw clients that read the status line and nothing more: they never answer a close.
    const silent: Socket[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) {
      const { socket, status } = await rawUpgrade(port);
      silent.push(socket);
      statuses.push(status);
    }
    // 101 then closed as full while fewer than 64 such refusals wait, 503 after that.
    expect(statuses.slice(0, 64)).toEqual(Array(64).fill(101));
    expect(statuses).toContain(503);
    expect(await readMetric(port, 'game_connections_refused_total{reason="full"}')).toBeGreaterThanOrEqual(
      80,
    );
    // Within about a second the server gives up on their close, and refuses by close again.
    await waitFor('refusals by close again', async () => (await attempt()).kind === 'closed', 5000);
    for (const h of holders) expect(h.closed).toBeUndefined();
    for (const s of silent) s.destroy();
    for (const h of holders) h.close();
    await waitFor('all closed', async () => (await readMetric(port, 'game_connections')) === 0);
  });
});

/** A WebSocket upgrade by hand: resolves with the HTTP status, then reads nothing more. */
function rawUpgrade(port: number): Promise<{ socket: Socket; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        [
          'GET /ws HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('error', reject);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.on('error', () => undefined);
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 0) });
    });
  });
}
