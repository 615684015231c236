import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createGameServer } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { isGameError } from '../../src/server/errors.js';
import { createMetrics } from '../../src/server/metrics.js';
import { WorkerSimulation } from '../../src/server/simulation/worker-simulation.js';
import { DEFAULT_RULES } from '../../src/shared/sim/rules.js';
import { TestClient, waitFor } from './harness.js';

const CRASHING = new URL('../fixtures/crashing-simulation.ts', import.meta.url);

/** A pino logger whose lines the test can read. */
function capturedLogger() {
  const lines: Array<{ level: number; msg: string; err?: { code?: string } }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('a failing simulation thread', () => {
  it('makes /healthz fail, refuses new players and reports the failure once, logged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'game-crash-'));
    const config = loadConfig(['0'], {
      GAME_HOST: '127.0.0.1',
      GAME_LEADERBOARD_PATH: join(dir, 'leaderboard.json'),
    });
    const { logger, lines } = capturedLogger();
    const server = createGameServer(config, {
      logger,
      metrics: createMetrics(false),
      simulation: (settings) => new WorkerSimulation({ file: CRASHING }, settings),
    });
    const port = await server.start();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const player = await TestClient.connect(port);
    player.send({ t: 'join', name: 'unlucky', hue: 0 });
    const error = await server.failed;

    expect(error.code).toBe('GAME_ERR_SIMULATION_FAILED');
    expect(error.message).toContain('a bug in the simulation, hit by unlucky');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'failed' });
    await expect(TestClient.connect(port)).rejects.toThrow('HTTP 503');
    const fatal = lines.filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.err?.code).toBe('GAME_ERR_SIMULATION_FAILED');

    await server.stop(2000);
    expect(server.state).toBe('stopped');
    await waitFor('the player to be disconnected', () => player.closed);
  });

  it('rejects the start with one clear error when the worker cannot load', async () => {
    const missing = new URL('../fixtures/no-such-simulation.js', import.meta.url);
    const host = new WorkerSimulation(
      { file: missing },
      {
        rules: DEFAULT_RULES,
        maxArenas: 1,
        snapshotEvery: 2,
        seed: 1,
      },
    );
    const failed = host.start({ event: () => undefined, failed: () => undefined });
    const error = await failed.catch((e: unknown) => e);
    expect(isGameError(error, 'GAME_ERR_SIMULATION_START')).toBe(true);
    expect((error as Error).message).toMatch(
      /did not start from file:.*no-such-simulation\.js: .*rebuild the bundle/,
    );
  });
});
