import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet } from './http-get.js';

let server: Server | undefined;

/** A real server on loopback; `handler` answers every request. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('httpGet', () => {
  it('returns the status and body of any answer, 503 included', async () => {
    const base = await serve((req, res) => {
      res.statusCode = req.url === '/readyz' ? 503 : 200;
      res.end(`path ${req.url}`);
    });
    expect(await httpGet(`${base}/healthz`, { timeoutMs: 2_000 })).toEqual({
      status: 200,
      body: 'path /healthz',
    });
    expect(await httpGet(`${base}/readyz`, { timeoutMs: 2_000 })).toEqual({
      status: 503,
      body: 'path /readyz',
    });
  });

  it('keeps only the first maxBodyBytes of a long body', async () => {
    const base = await serve((_req, res) => res.end('x'.repeat(10_000)));
    const answer = await httpGet(base, { timeoutMs: 2_000, maxBodyBytes: 100 });
    expect(answer.body).toBe('x'.repeat(100));
  });

  it('rejects when nothing listens', async () => {
    const base = await serve((_req, res) => res.end());
    server?.close();
    await expect(httpGet(base, { timeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects after timeoutMs when the server never answers', async () => {
    const base = await serve(() => undefined);
    const started = performance.now();
    await expect(httpGet(base, { timeoutMs: 200 })).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('rejects at once when the caller aborts', async () => {
    const base = await serve(() => undefined);
    const controller = new AbortController();
    const answer = httpGet(base, { timeoutMs: 10_000, signal: controller.signal });
    controller.abort();
    await expect(answer).rejects.toThrow(/abort/i);
  });
});
