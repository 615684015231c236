import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { GameServer } from '../../src/server/app.js';
import { readMetric, startServer, TestClient, waitFor } from './harness.js';

/** Short, so a few rounds pass in a second; the real interval is 15 s. */
const HEARTBEAT_MS = 150;
let server: GameServer;
let port: number;

beforeAll(async () => {
  ({ server, port } = await startServer({}, 0, { heartbeatMs: HEARTBEAT_MS }));
});
afterAll(async () => {
  await server.stop(2000);
});

describe('heartbeat', () => {
  it('terminates a client that only sends pongs of its own, and keeps one that answers the pings', async () => {
    const honest = await TestClient.connect(port); // ws echoes every ping's data in a pong
    const faker = new WebSocket(`ws://127.0.0.1:${port}/ws`, { autoPong: false });
    const pings: Buffer[] = [];
    let closedAt: number | undefined;
    faker.on('ping', (data) => pings.push(data));
    faker.on('close', () => {
      closedAt = Date.now();
    });
    faker.on('error', () => undefined);
    await new Promise((resolve) => faker.once('open', resolve));
    const openedAt = Date.now();
    // Pongs all the time: empty, made up, and a replay of an old ping's nonce.
    const fake = setInterval(() => {
      faker.pong();
      faker.pong(Buffer.from('alive'));
      const old = pings[0];
      if (old && pings.length > 1) faker.pong(old);
    }, HEARTBEAT_MS / 5);
    try {
      const at = await waitFor('the faker to be terminated', () => closedAt, 5000);
      // The second round after it connected at the latest.
      expect(at - openedAt).toBeLessThan(HEARTBEAT_MS * 2 + 1000);
    } finally {
      clearInterval(fake);
    }
    expect(pings.length).toBeGreaterThanOrEqual(1);
    // Nonces are fresh per ping.
    if (pings.length > 1) expect(pings[0]?.equals(pings[1] as Buffer)).toBe(false);
    // The honest client lives through several more rounds, answering each.
    let honestPings = 0;
    honest.ws.on('ping', () => {
      honestPings += 1;
    });
    await waitFor('four more pings to the honest client', () => honestPings >= 4, 5000);
    expect(honest.closed).toBeUndefined();
    expect(await readMetric(port, 'game_connections')).toBe(1);
    honest.close();
  });
});
