import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForBrick, waitForEveryBrick } from '../../src/storage/brick-gate.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A listener on a free loopback port (a brick), closed after the test. */
async function listen(port = 0): Promise<number> {
  const server = createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A loopback port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const port = await listen();
  const server = servers.pop();
  await new Promise((resolve) => server?.close(resolve));
  return port;
}

describe('waitForBrick', () => {
  it('returns at once when a brick listens on one of the hosts', async () => {
    const port = await listen(); // on 127.0.0.1 only: 127.0.0.2 refuses
    const started = performance.now();
    expect(await waitForBrick(['127.0.0.2', '127.0.0.1'], { port, maxWaitMs: 5_000 })).toBe('listening');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('returns as soon as a brick starts listening, saying that it came up meanwhile', async () => {
    const port = await closedPort();
    setTimeout(() => void listen(port), 300);
    expect(await waitForBrick(['127.0.0.1'], { port, maxWaitMs: 5_000, intervalMs: 50 })).toBe('came-up');
  });

  it('gives up after maxWaitMs when no brick listens, so the caller mounts anyway', async () => {
    const port = await closedPort();
    const started = performance.now();
    expect(await waitForBrick(['127.0.0.2', '127.0.0.1'], { port, maxWaitMs: 300, intervalMs: 50 })).toBe(
      'gave-up',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('stops waiting when aborted', async () => {
    const port = await closedPort();
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stopping')), 100);
    await expect(
      waitForBrick(['127.0.0.1'], { port, maxWaitMs: 5_000, intervalMs: 50, signal: abort.signal }),
    ).rejects.toThrow();
  });
});

describe('waitForEveryBrick', () => {
  it('returns no host at once when every host listens', async () => {
    const port = await listen();
    const started = performance.now();
    expect(await waitForEveryBrick(['127.0.0.1'], { port, maxWaitMs: 5_000 })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('waits for the host whose brick starts listening a moment later', async () => {
    const port = await closedPort();
    const started = performance.now();
    setTimeout(() => void listen(port), 300);
    expect(await waitForEveryBrick(['127.0.0.1'], { port, maxWaitMs: 5_000, intervalMs: 50 })).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('returns the hosts still silent after maxWaitMs', async () => {
    const port = await closedPort();
    expect(
      await waitForEveryBrick(['127.0.0.1', '127.0.0.2'], { port, maxWaitMs: 300, intervalMs: 50 }),
    ).toEqual(['127.0.0.1', '127.0.0.2']);
  });
});
