import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canConnect, mountOrder, probePeers } from '../../src/peers/probe-peers.js';

let server: Server;
let openPort: number;
let closedPort: number;

beforeAll(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openPort = (server.address() as { port: number }).port;
  // A port that was free a moment ago: connecting is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('peer probing', () => {
  it('tells a listening glusterd port from a refused one', async () => {
    expect(await canConnect('127.0.0.1', openPort, 2_000)).toEqual({ ok: true });
    expect(await canConnect('127.0.0.1', closedPort, 2_000)).toEqual({ ok: false, error: 'ECONNREFUSED' });
  });

  it('keeps the configured order and mounts only from peers whose glusterd answers', async () => {
    const up = await probePeers(['127.0.0.1'], { timeoutMs: 1_000, port: openPort });
    const down = await probePeers(['127.0.0.1'], { timeoutMs: 1_000, port: closedPort });
    expect(up[0]).toMatchObject({ host: '127.0.0.1', glusterdReachable: true });
    expect(down[0]).toMatchObject({ host: '127.0.0.1', glusterdReachable: false });
    expect(down[0]?.detail).toContain('unreachable (ECONNREFUSED)');
    expect(mountOrder([...down.map((p) => ({ ...p, host: 'first' })), ...up])).toEqual(['127.0.0.1']);
  });

  it('reports a peer name that does not resolve as unreachable instead of failing', async () => {
    const [probe] = await probePeers(['gluster-does-not-exist.invalid'], {
      timeoutMs: 1_000,
      port: openPort,
    });
    expect(probe).toMatchObject({ glusterdReachable: false, pingable: false });
  });
});
