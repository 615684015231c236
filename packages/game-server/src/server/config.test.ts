import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS, loadConfig } from './config.js';
import { ERROR_CODES, isGameError } from './errors.js';

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const c = loadConfig([], {});
    expect(c).toMatchObject({
      port: 8443,
      tickHz: 20,
      arenaCapacity: 32,
      allowedOrigins: [],
      seed: undefined,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes the port from the first argument before the environment, as the seed did', () => {
    expect(loadConfig(['9000'], { GAME_SERVER_PORT: '7000' }).port).toBe(9000);
    expect(loadConfig([], { GAME_SERVER_PORT: '7000' }).port).toBe(7000);
  });

  it('names the variable, the value, what is allowed and an example when a value is bad', () => {
    try {
      loadConfig([], { GAME_TICK_HZ: '0' });
      expect.unreachable();
    } catch (e) {
      expect(isGameError(e, 'GAME_ERR_CONFIG')).toBe(true);
      expect((e as Error).message).toBe(
        'GAME_TICK_HZ is "0", but it must be an integer from 1 to 120. Example: GAME_TICK_HZ=20',
      );
    }
  });

  it.each([
    ['GAME_ARENA_CAPACITY', '3.5'],
    ['GAME_IDLE_TIMEOUT_S', 'soon'],
    ['GAME_ALLOWED_ORIGINS', 'https://a.example/path'],
    ['LOG_LEVEL', 'loud'],
    ['GAME_SEED', '-1'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => loadConfig([], { [name]: value })).toThrow(name);
  });

  it('keeps the leaderboard directory uncreated, one volume call at a time and a 10 s deadline by default', () => {
    expect(loadConfig([], {})).toMatchObject({
      leaderboardCreateDir: false,
      storageConcurrency: 1,
      storageTimeoutS: 10,
    });
    expect(loadConfig([], { GAME_LEADERBOARD_CREATE_DIR: '1' }).leaderboardCreateDir).toBe(true);
    expect(() => loadConfig([], { GAME_LEADERBOARD_CREATE_DIR: 'yes' })).toThrow(
      'GAME_LEADERBOARD_CREATE_DIR is "yes", but it must be 0 or 1',
    );
  });

  it('keeps volume calls below the libuv thread pool, so a hung mount leaves threads for DNS', () => {
    expect(() => loadConfig([], { GAME_STORAGE_CONCURRENCY: '4' })).toThrow(
      'GAME_STORAGE_CONCURRENCY is "4", but it must be an integer from 1 to 3, below UV_THREADPOOL_SIZE (4)',
    );
    expect(
      loadConfig([], { GAME_STORAGE_CONCURRENCY: '4', UV_THREADPOOL_SIZE: '16' }).storageConcurrency,
    ).toBe(4);
    expect(
      loadConfig([], { GAME_STORAGE_CONCURRENCY: '1', UV_THREADPOOL_SIZE: '1' }).storageConcurrency,
    ).toBe(1);
    expect(() => loadConfig([], { GAME_STORAGE_TIMEOUT_S: '0' })).toThrow('GAME_STORAGE_TIMEOUT_S');
  });

  it('caps WebSocket connections at 512 by default and names the variable, value and fix when bad', () => {
    expect(loadConfig([], {}).maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);
    expect(DEFAULT_MAX_CONNECTIONS).toBe(512);
    expect(loadConfig([], { GAME_MAX_CONNECTIONS: '3' }).maxConnections).toBe(3);
    for (const value of ['0', '-5', '1.5', 'many', '65537'])
      expect(() => loadConfig([], { GAME_MAX_CONNECTIONS: value })).toThrow(
        `GAME_MAX_CONNECTIONS is ${JSON.stringify(value)}, but it must be an integer from 1 to 65536. Example: GAME_MAX_CONNECTIONS=512`,
      );
  });

  it('rejects a port argument that is not a port', () => {
    expect(() => loadConfig(['80a'], {})).toThrow('port');
  });

  it('parses a list of allowed origins', () => {
    expect(
      loadConfig([], { GAME_ALLOWED_ORIGINS: 'https://a.example, http://localhost:8080' }).allowedOrigins,
    ).toEqual(['https://a.example', 'http://localhost:8080']);
  });
});

describe('error codes', () => {
  it('documents every error code in ERRORS.md', () => {
    const doc = readFileSync(new URL('../../ERRORS.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`\`${code}\``);
  });
});
