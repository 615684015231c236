import { ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it, vi } from 'vitest';
import { FakeDnsSocket, type FakeResponder, responseTo, txt } from '../../test/fakes/fake-dns-socket.js';
import {
  DISCOVERY_DEFAULTS,
  type DiscoverPublicAddressOptions,
  discoverPublicAddress,
} from './discover-public-address.js';

const NAME = DISCOVERY_DEFAULTS.name;

function discover(responder: FakeResponder, options: DiscoverPublicAddressOptions = {}) {
  const socket = new FakeDnsSocket(responder);
  const openSocket = socket.factory();
  const lookup = vi.fn(async () => '192.0.2.53');
  const clock = new ManualClock();
  const result = discoverPublicAddress({ lookup, query: { openSocket, clock }, ...options });
  return { result, lookup, openSocket, clock, socket };
}

describe('discoverPublicAddress', () => {
  it('asks the seed default server name over IPv4 for the seed default name', async () => {
    const { result, lookup, openSocket, socket } = discover((q) => [
      responseTo(q, { answers: [txt(NAME, '203.0.113.7')] }),
    ]);
    await expect(result).resolves.toEqual({ address: '203.0.113.7' });
    expect(lookup).toHaveBeenCalledWith('ns1.google.com', 4);
    expect(openSocket.servers).toEqual([{ address: '192.0.2.53', port: 53 }]);
    expect(socket.sent[0]?.questions?.[0]?.name).toBe('o-o.myaddr.l.google.com');
  });

  it('uses a server given by address without resolving it', async () => {
    const { result, lookup, openSocket } = discover(
      (q) => [responseTo(q, { answers: [txt(NAME, '203.0.113.7')] })],
      {
        server: { host: '127.0.0.1', port: 5300 },
      },
    );
    await expect(result).resolves.toEqual({ address: '203.0.113.7' });
    expect(lookup).not.toHaveBeenCalled();
    expect(openSocket.servers).toEqual([{ address: '127.0.0.1', port: 5300 }]);
  });

  it('returns the first TXT value that is an address, trimmed, IPv6 included', async () => {
    const { result } = discover((q) => [
      responseTo(q, {
        answers: [txt(NAME, 'edns0-client-subnet 198.51.100.0/24'), txt(NAME, ' 2001:db8::7 ')],
      }),
    ]);
    await expect(result).resolves.toEqual({ address: '2001:db8::7' });
  });

  it('returns a reason quoting the values when no TXT value is an address', async () => {
    const { result } = discover((q) => [responseTo(q, { answers: [txt(NAME, 'hello')] })]);
    const found = await result;
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_NOT_AN_ADDRESS' });
    expect(found.address === undefined && found.reason).toContain('"hello"');
  });

  it('returns the timeout as a reason instead of throwing', async () => {
    const { result, clock } = discover(() => [], { timeoutMs: 100, retries: 1 });
    await clock.advance(200);
    const found = await result;
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_TIMEOUT' });
    expect(found.address === undefined && found.reason).toContain('ns1.google.com');
  });

  it('returns a failed server lookup as a reason naming the server', async () => {
    const found = await discoverPublicAddress({
      lookup: async () => {
        throw new Error('getaddrinfo ENOTFOUND ns1.google.com');
      },
    });
    expect(found).toMatchObject({ address: undefined, code: 'GA_DNS_SERVER_UNRESOLVED' });
    expect(found.address === undefined && found.reason).toContain(
      'Could not resolve DNS server ns1.google.com',
    );
  });

  it('throws when cancelled, so a stopping agent does not mistake it for a fallback', async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = discover(() => [], {
      signal: controller.signal,
      server: { host: '127.0.0.1', port: 53 },
    });
    await expect(result).rejects.toMatchObject({ code: 'GA_DNS_ABORTED' });
  });

  it('throws on an invalid query name, a configuration mistake rather than network trouble', async () => {
    const { result } = discover(() => [], { name: 'not a name' });
    await expect(result).rejects.toMatchObject({ code: 'GA_DNS_INVALID_QUERY' });
  });
});
