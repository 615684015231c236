import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createGameServer, type GameServer, type GameServerDeps } from '../../src/server/app.js';
import { type GameConfig, loadConfig } from '../../src/server/config.js';
import { createLogger } from '../../src/server/logger.js';
import type { ServerMessage } from '../../src/shared/protocol/server-messages.js';

/**
 * A real game server on loopback (a random port unless given), its leaderboard in a temp dir;
 * `deps` replace parts of it (a faulty file system under the volume's lane, say).
 */
export async function startServer(
  env: Record<string, string> = {},
  listenPort = 0,
  deps: Partial<Omit<GameServerDeps, 'logger'>> = {},
): Promise<{ server: GameServer; port: number; config: GameConfig }> {
  const dir = await mkdtemp(join(tmpdir(), 'game-it-'));
  const config = loadConfig([String(listenPort)], {
    GAME_HOST: '127.0.0.1',
    GAME_LEADERBOARD_PATH: join(dir, 'leaderboard.json'),
    GAME_SEED: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = createGameServer(config, { logger: createLogger(config.logLevel), ...deps });
  const port = await server.start();
  return { server, port, config };
}

/** Polls a condition (sync or async) until it holds or the deadline passes (no fixed sleeps). */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A scripted player: records everything the server sends. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(data.toString()) as ServerMessage);
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    ws.on('error', () => undefined);
  }

  static async connect(port: number, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new TestClient(ws);
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  async join(name: string): Promise<number> {
    this.send({ t: 'join', name, hue: 90 });
    const welcome = await waitFor('welcome', () => this.messages.find((m) => m.t === 'welcome'));
    return welcome.id;
  }

  latestTick(): number {
    let k = 0;
    for (const m of this.messages) if (m.t === 's') k = Math.max(k, m.k);
    return k;
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * One sample from the server's /metrics, e.g. `game_connections_refused_total{reason="full"}`;
 * 0 when the series does not exist yet (prom-client shows a labelled counter once it counted).
 */
export async function readMetric(port: number, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}
