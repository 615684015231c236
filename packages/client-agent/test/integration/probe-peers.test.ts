import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { initStackCa, issueMemberCredentials } from '@gluster-asteroids/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canConnect,
  glusterProbeTransport,
  mountOrder,
  type ProbeTransport,
  probePeers,
} from '../../src/peers/probe-peers.js';

let server: Server;
let openPort: number;
let closedPort: number;

/** Accepted connections of the test servers; any still open at the end is destroyed so close() returns. */
const accepted = new Set<Socket>();
function track(listener: Server | TlsServer): void {
  listener.on('connection', (socket: Socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
    socket.on('error', () => undefined);
  });
}

beforeAll(async () => {
  server = createServer((socket) => socket.end());
  track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  openPort = (server.address() as { port: number }).port;
  // A port that was free a moment ago: connecting is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const socket of accepted) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('peer probing', () => {
  it('tells a listening glusterd port from a refused one', async () => {
    const plain: ProbeTransport = { kind: 'plain' };
    expect(await canConnect('127.0.0.1', openPort, 2_000, plain)).toEqual({ ok: true });
    expect(await canConnect('127.0.0.1', closedPort, 2_000, plain)).toEqual({
      ok: false,
      error: 'ECONNREFUSED',
    });
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

describe('peer probing over TLS (as the container does once gluster speaks TLS)', () => {
  let dir: string;
  let tlsServer: TlsServer;
  let tlsPort: number;
  let member: ProbeTransport;
  let intruder: ProbeTransport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ga-probe-tls-'));
    const { ca } = await initStackCa(join(dir, 'stack-ca.pem'));
    const other = (await initStackCa(join(dir, 'other-ca.pem'))).ca;
    const server = await issueMemberCredentials({ ca, commonName: 'gluster01' });
    const transport = async (from: typeof ca, name: string): Promise<ProbeTransport> => {
      const credentials = await issueMemberCredentials({ ca: from, commonName: name });
      return {
        kind: 'tls',
        cert: credentials.certificatePem,
        key: credentials.privateKeyPem,
        ca: ca.certificatePem,
      };
    };
    member = await transport(ca, 'asteroids');
    intruder = await transport(other, 'intruder');
    // Like glusterd: a certificate from the stack CA is required of the client.
    tlsServer = createTlsServer(
      {
        cert: server.certificatePem,
        key: server.privateKeyPem,
        ca: ca.certificatePem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket) => socket.end(),
    );
    tlsServer.on('tlsClientError', () => undefined);
    track(tlsServer);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    tlsPort = (tlsServer.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('completes a handshake with its own certificate from the stack CA, whatever name the server has', async () => {
    expect(await canConnect('127.0.0.1', tlsPort, 2_000, member)).toEqual({ ok: true });
  });

  it('reports a server that refuses its certificate, or that does not speak TLS, as not answering, saying why', async () => {
    const refused = await canConnect('127.0.0.1', tlsPort, 2_000, intruder);
    expect(refused.ok).toBe(false);
    const plainServer = await canConnect('127.0.0.1', openPort, 2_000, member);
    expect(plainServer.ok).toBe(false);
    expect(plainServer.error).toBeDefined();
    expect(await canConnect('127.0.0.1', closedPort, 2_000, member)).toEqual({
      ok: false,
      error: 'ECONNREFUSED',
    });
  });

  it('uses plain TCP in a container whose gluster does not speak TLS (no secure-access file)', async () => {
    const paths = {
      certificate: join(dir, 'none.pem'),
      privateKey: join(dir, 'none.key'),
      caList: join(dir, 'none.ca'),
      secureAccess: join(dir, 'secure-access'),
    };
    expect(await glusterProbeTransport(paths)).toEqual({ kind: 'plain' });
  });
});
