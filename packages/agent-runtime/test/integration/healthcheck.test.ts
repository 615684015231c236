import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { execa } from 'execa';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HealthServer, startHealthServer } from '../../src/health/health-server.js';
import { captureLogger } from './log-capture.js';

// The healthcheck binary as the images run it: bundled (scripts/bundle.mjs does the same), then
// run with node against a real health server on loopback.
const dir = mkdtempSync(join(tmpdir(), 'ga-healthcheck-'));
const bundle = join(dir, 'healthcheck.mjs');
let server: HealthServer | undefined;

beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/bin/healthcheck.ts', import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a health server whose /readyz passes or fails and says `notices`. */
async function serve(ready: boolean, notices?: string[]): Promise<number> {
  server = await startHealthServer({
    port: 0,
    host: '127.0.0.1',
    logger: captureLogger().logger,
    registry: new Registry(),
    liveness: {},
    readiness: { storage: () => ({ ok: ready, detail: ready ? 'mounted' : 'storage is down' }) },
    ...(notices ? { notices: () => notices } : {}),
    status: () => ({}),
  });
  return server.port;
}

async function healthcheck(port: number, ...args: string[]) {
  return execa(process.execPath, [bundle, ...args], {
    env: { HEALTH_PORT: String(port) },
    reject: false,
    timeout: 30_000,
  });
}

describe('healthcheck', () => {
  it('prints "ready" and exits 0 when /readyz passes without notices', async () => {
    const result = await healthcheck(await serve(true, []));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ready' });
  });

  it("prints the notices after 'ready; ' on one line, joined by '; '", async () => {
    const port = await serve(true, [
      'not redundant: brick gluster02:/gluster_volume/brick is not connected',
      'not redundant: 12 entries\npending heal',
    ]);
    const result = await healthcheck(port);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      'ready; not redundant: brick gluster02:/gluster_volume/brick is not connected; ' +
        'not redundant: 12 entries pending heal',
    );
  });

  it('exits 1 with the status and the body, notices included, when /readyz fails', async () => {
    const result = await healthcheck(await serve(false, ['not redundant: brick b is not connected']));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^\/readyz answered 503: \{.*"storage is down".*"notices":\["not redundant/,
    );
  });

  it('prints "ready" for an agent that has no notices option', async () => {
    const result = await healthcheck(await serve(true));
    expect(result).toMatchObject({ exitCode: 0, stdout: 'ready' });
  });

  it('names another path it was asked for on success', async () => {
    const result = await healthcheck(await serve(true), '/healthz');
    expect(result).toMatchObject({ exitCode: 0, stdout: '/healthz ok' });
  });
});
