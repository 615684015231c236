import { createSocket, type Socket } from 'node:dgram';
import { type Answer, type DecodedPacket, decode, encode } from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPublicAddress } from '../../src/discovery/discover-public-address.js';
import { queryTxt } from '../../src/discovery/query-txt.js';

const NAME = 'o-o.myaddr.l.google.com';

/** What the tiny server sends back for one query: datagrams, in order (none = silence). */
type Behaviour = (query: DecodedPacket) => Buffer[];

interface TinyDnsServer {
  port: number;
  /** How many queries it received. */
  received: number;
  close(): Promise<void>;
}

const servers: TinyDnsServer[] = [];

/** A DNS server on 127.0.0.1:0 that answers each query as `behaviour` says. */
async function startTinyDnsServer(behaviour: Behaviour): Promise<TinyDnsServer> {
  const socket: Socket = createSocket('udp4');
  const server: TinyDnsServer = {
    port: 0,
    received: 0,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (packet, peer) => {
    server.received++;
    for (const reply of behaviour(decode(packet))) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  server.port = socket.address().port;
  servers.push(server);
  return server;
}

function reply(
  query: DecodedPacket,
  fields: { id?: number; rcode?: number; answers?: Answer[] } = {},
): Buffer {
  return encode({
    type: 'response',
    id: fields.id ?? query.id ?? 0,
    flags: fields.rcode ?? 0,
    questions: query.questions ?? [],
    answers: fields.answers ?? [],
  });
}

function txtAnswer(text: string): Answer {
  return { type: 'TXT', name: NAME, class: 'IN', ttl: 60, data: [text] };
}

function on(server: TinyDnsServer) {
  return { server: { host: '127.0.0.1', port: server.port }, name: NAME };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('public address discovery over real UDP on loopback', () => {
  it('discovers the address in the TXT answer', async () => {
    const server = await startTinyDnsServer((q) => [reply(q, { answers: [txtAnswer('203.0.113.7')] })]);
    await expect(discoverPublicAddress({ ...on(server), timeoutMs: 2000, retries: 0 })).resolves.toEqual({
      address: '203.0.113.7',
    });
    expect(server.received).toBe(1);
  });

  it('times out after asking once per attempt when the server never answers', async () => {
    const server = await startTinyDnsServer(() => []);
    const error = await queryTxt({ ...on(server), timeoutMs: 150, retries: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GA_DNS_TIMEOUT' });
    expect(server.received).toBe(3);
    const found = await discoverPublicAddress({ ...on(server), timeoutMs: 150, retries: 1 });
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_TIMEOUT' });
    expect(server.received).toBe(5);
  });

  it('reports garbage bytes as a bad answer', async () => {
    const server = await startTinyDnsServer(() => [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00])]);
    const error = await queryTxt({ ...on(server), timeoutMs: 200, retries: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GA_DNS_BAD_ANSWER' });
    expect(String((error as Error).message)).toContain(`127.0.0.1:${server.port}`);
    expect(server.received).toBe(2);
  });

  it.each([
    [3, 'NXDOMAIN'],
    [2, 'SERVFAIL'],
  ])('reports rcode %i as %s without retrying', async (rcode, rcodeName) => {
    const server = await startTinyDnsServer((q) => [reply(q, { rcode })]);
    const found = await discoverPublicAddress({ ...on(server), timeoutMs: 2000, retries: 2 });
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_ERROR_RCODE' });
    expect(found.address === undefined && found.reason).toContain(rcodeName);
    expect(server.received).toBe(1);
  });

  it('reports a TXT answer that is not an address', async () => {
    const server = await startTinyDnsServer((q) => [reply(q, { answers: [txtAnswer('not-an-address')] })]);
    const found = await discoverPublicAddress({ ...on(server), timeoutMs: 2000, retries: 0 });
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_NOT_AN_ADDRESS' });
    expect(found.address === undefined && found.reason).toContain('"not-an-address"');
  });

  it('ignores an answer with a wrong id and takes the right one that follows', async () => {
    const server = await startTinyDnsServer((q) => [
      reply(q, { id: ((q.id ?? 0) + 1) % 65536, answers: [txtAnswer('198.51.100.66')] }),
      reply(q, { answers: [txtAnswer('203.0.113.7')] }),
    ]);
    await expect(queryTxt({ ...on(server), timeoutMs: 2000, retries: 0 })).resolves.toEqual(['203.0.113.7']);
    expect(server.received).toBe(1);
  });
});
