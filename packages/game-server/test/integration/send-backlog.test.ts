import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/server/app.js';
import { LEADERBOARD_SIZE, serializeBoard } from '../../src/server/leaderboard/board.js';
import { BACKLOG_LIMITS } from '../../src/server/transport/send-backlog.js';
import { SESSION_LIMITS } from '../../src/server/transport/session.js';
import { MAX_NAME_LENGTH } from '../../src/shared/protocol/names.js';
import { readMetric, startServer, TestClient, waitFor } from './harness.js';

let server: GameServer;
let port: number;
/** The size of one `lb` reply on the wire. */
let replyBytes: number;

// The largest reply a board can give: 100 entries, names of 16 four-byte characters, big numbers.
// It makes the flood fill the kernel's socket buffers (several MB on loopback, in front of the
// server's own queue) in ~15 s instead of ~30 s; the rule is the same for a 7 KB board.
beforeAll(async () => {
  const entries = Array.from({ length: LEADERBOARD_SIZE }, (_, i) => ({
    name: '\u{1F680}'.repeat(MAX_NAME_LENGTH),
    score: 999_999_999 - i,
    kills: 9999,
    at: 1_765_000_000_000 + i,
  }));
  const dir = await mkdtemp(join(tmpdir(), 'game-flood-'));
  const path = join(dir, 'leaderboard.json');
  await writeFile(path, serializeBoard(entries));
  // The flooder never answers pings either; a heartbeat slower than the test keeps it from
  // ending the flooder first, so what drops it here is the backlog rule alone.
  ({ server, port } = await startServer({ GAME_LEADERBOARD_PATH: path }, 0, { heartbeatMs: 120_000 }));
  replyBytes = Buffer.byteLength(JSON.stringify({ t: 'lb', top: entries }));
});
afterAll(async () => {
  await server.stop(2000);
});

describe('send backlog', () => {
  it('drops a client that asks for the leaderboard 25 times a second and never reads, with bounded memory, while another plays on time', async () => {
    const honest = await TestClient.connect(port);
    await honest.join('honest');
    const arrivals: number[] = [];
    honest.ws.on('message', (data) => {
      if (data.toString().startsWith('{"t":"s"')) arrivals.push(Date.now());
    });

    const flooder = await TestClient.connect(port);
    await flooder.join('flooder');
    const lb = await waitFor('a first reply', () => {
      flooder.send({ t: 'lb' });
      return flooder.messages.find((m) => m.t === 'lb');
    });
    expect(lb.top).toHaveLength(LEADERBOARD_SIZE);
    // From now on it reads nothing, and asks as fast as the rate limit lets it go unpunished.
    (flooder.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const ask = setInterval(() => flooder.send({ t: 'lb' }), 1000 / SESSION_LIMITS.perSecond);

    let peakBacklog = 0;
    try {
      await waitFor(
        'the flooder to be dropped for its backlog',
        async () => {
          peakBacklog = Math.max(peakBacklog, await readMetric(port, 'game_send_backlog_bytes'));
          return (await readMetric(port, 'game_connections_closed_total{reason="backlog"}')) === 1;
        },
        45_000,
      );
    } finally {
      clearInterval(ask);
    }
    // It was over the limit: its replies were skipped, not queued.
    expect(await readMetric(port, 'game_sends_skipped_total{kind="reply"}')).toBeGreaterThan(0);
    // Bounded: at most the limit plus the reply that crossed it (plus the honest player's few bytes).
    expect(peakBacklog).toBeGreaterThan(0);
    expect(peakBacklog).toBeLessThanOrEqual(BACKLOG_LIMITS.slowBytes + replyBytes + 16 * 1024);
    expect(await readMetric(port, 'game_send_backlog_bytes')).toBeLessThan(16 * 1024);

    // The honest player got its 10 snapshots a second all along (a gap of 1 s would be 10 missed).
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
    expect(arrivals.length).toBeGreaterThan(50);
    expect(Math.max(...gaps)).toBeLessThan(1000);
    expect(honest.closed).toBeUndefined();
    const tick = honest.latestTick();
    await waitFor('snapshots to continue', () => honest.latestTick() > tick + 3);
    honest.close();
    flooder.ws.terminate();
  });
});
