import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServer } from '../../src/server/app.js';
import { startServer } from './harness.js';

let server: GameServer;
let port: number;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'static-'));
  await mkdir(join(dir, 'client'));
  await writeFile(join(dir, 'client', 'index.html'), '<canvas></canvas>');
  await writeFile(join(dir, 'client', 'config.js'), "var HOST = '';\n");
  await writeFile(join(dir, 'secret.js'), 'outside the client directory');
  ({ server, port } = await startServer({ GAME_STATIC_DIR: join(dir, 'client') }));
});
afterAll(async () => {
  await server.stop(2000);
});

async function get(path: string): Promise<{ status: number; body: string; cache: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text(), cache: res.headers.get('cache-control') };
}

describe('serving the client', () => {
  it('serves the page and a config.js that browsers must not cache', async () => {
    expect((await get('/')).body).toBe('<canvas></canvas>');
    const config = await get('/config.js');
    expect(config.body).toContain("var HOST = ''");
    expect(config.cache).toBe('no-cache');
  });

  it.each([
    '/../secret.js',
    '/..%2fsecret.js',
    '/%2e%2e/secret.js',
    '/%2e%2e%5csecret.js',
    '/%ZZ',
    '/index.html%00.js',
  ])('never serves anything outside the client directory (%s)', async (path) => {
    const res = await get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('outside the client directory');
  });
});
