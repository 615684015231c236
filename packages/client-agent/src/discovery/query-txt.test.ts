import { hasErrorCode, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { FakeDnsSocket, type FakeResponder, responseTo, txt } from '../../test/fakes/fake-dns-socket.js';
import { DnsError } from './dns-errors.js';
import { type QueryTxtOptions, queryTxt } from './query-txt.js';

const NAME = 'o-o.myaddr.l.google.com';

function setup(responder: FakeResponder, overrides: Partial<QueryTxtOptions> = {}) {
  const socket = new FakeDnsSocket(responder);
  const clock = new ManualClock();
  const openSocket = socket.factory();
  const result = queryTxt({
    server: { host: '192.0.2.53', port: 5353 },
    name: NAME,
    timeoutMs: 1000,
    retries: 2,
    clock,
    openSocket,
    ...overrides,
  });
  // Keep an early rejection from being reported before the test awaits it.
  result.catch(() => {});
  return { socket, clock, openSocket, result };
}

async function rejection(promise: Promise<unknown>): Promise<DnsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DnsError);
  return error as DnsError;
}

describe('queryTxt', () => {
  it('resolves the TXT strings of the answer from the server it was given', async () => {
    const { result, openSocket, socket } = setup((q) => [
      responseTo(q, { answers: [txt(NAME, '203.0.113.7')] }),
    ]);
    await expect(result).resolves.toEqual(['203.0.113.7']);
    expect(openSocket.servers).toEqual([{ address: '192.0.2.53', port: 5353 }]);
    expect(socket.closed).toBe(true);
  });

  it('sends a new random id on each attempt', async () => {
    const ids = [11, 11, 22];
    const { result, clock, socket } = setup(
      (q, attempt) => (attempt === 2 ? [responseTo(q, { answers: [txt(NAME, 'x')] })] : []),
      { randomId: () => ids.shift() ?? 0 },
    );
    await clock.advance(1000);
    await expect(result).resolves.toEqual(['x']);
    expect(socket.sent.map((q) => q.id)).toEqual([11, 22]);
  });

  it('retries on timeout and fails with GA_DNS_TIMEOUT after the last attempt', async () => {
    const { result, clock, socket } = setup(() => []);
    await clock.advance(999);
    expect(socket.sent).toHaveLength(1);
    await clock.advance(1);
    expect(socket.sent).toHaveLength(2);
    await clock.advance(2000);
    const error = await rejection(result);
    expect(error.code).toBe('GA_DNS_TIMEOUT');
    expect(error.message).toContain('192.0.2.53:5353');
    expect(error.message).toContain(NAME);
    expect(error.message).toContain('3 attempts of 1000 ms');
    expect(error.message).toMatch(/set the public host explicitly/);
    expect(socket.sent).toHaveLength(3);
    expect(socket.closed).toBe(true);
  });

  it('accepts a late answer to an earlier attempt', async () => {
    let first: ReturnType<typeof responseTo> | undefined;
    const { result, clock, socket } = setup((q, attempt) => {
      if (attempt === 1) first = responseTo(q, { answers: [txt(NAME, 'late')] });
      // The second attempt is answered by the reply to the first.
      return attempt === 2 && first ? [first] : [];
    });
    await clock.advance(1000);
    await expect(result).resolves.toEqual(['late']);
    expect(socket.sent).toHaveLength(2);
  });

  it('ignores an answer with a foreign id and takes the matching one that follows', async () => {
    const { result } = setup((q) => [
      responseTo(q, { id: ((q.id ?? 0) + 1) % 65536, answers: [txt(NAME, 'forged')] }),
      responseTo(q, { answers: [txt(NAME, 'real')] }),
    ]);
    await expect(result).resolves.toEqual(['real']);
  });

  it('fails with GA_DNS_BAD_ANSWER when only undecodable packets came back', async () => {
    const { result, clock } = setup(() => [Buffer.from('garbage')], { retries: 0 });
    await clock.advance(1000);
    const error = await rejection(result);
    expect(error.code).toBe('GA_DNS_BAD_ANSWER');
    expect(error.message).toContain('undecodable packet of 7 bytes');
  });

  it('fails with GA_DNS_BAD_ANSWER when the answer is to another question', async () => {
    const { result, clock } = setup((q) => [responseTo(q, { questionName: 'other.example' })], {
      retries: 0,
    });
    await clock.advance(1000);
    expect((await rejection(result)).code).toBe('GA_DNS_BAD_ANSWER');
  });

  it('fails at once with GA_DNS_ERROR_RCODE naming the rcode', async () => {
    const { result, socket } = setup((q) => [responseTo(q, { rcode: 3 })]);
    const error = await rejection(result);
    expect(error.code).toBe('GA_DNS_ERROR_RCODE');
    expect(error.message).toContain('NXDOMAIN');
    expect(socket.sent).toHaveLength(1);
  });

  it('fails with GA_DNS_NO_ANSWER when the answer holds no TXT record', async () => {
    const { result } = setup((q) => [responseTo(q)]);
    expect((await rejection(result)).code).toBe('GA_DNS_NO_ANSWER');
  });

  it('fails with GA_DNS_ABORTED when cancelled while waiting, and closes the socket', async () => {
    const controller = new AbortController();
    const { result, socket } = setup(() => [], { signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('stopping'));
    expect((await rejection(result)).code).toBe('GA_DNS_ABORTED');
    expect(socket.closed).toBe(true);
  });

  it('reports a send failure in the timeout error, as the network is what failed', async () => {
    const clock = new ManualClock();
    const result = queryTxt({
      server: { host: '192.0.2.53', port: 53 },
      name: NAME,
      timeoutMs: 100,
      retries: 1,
      clock,
      openSocket: async () => ({
        send: async () => {
          throw new Error('send ENETUNREACH');
        },
        onMessage: () => {},
        close: () => {},
      }),
    });
    result.catch(() => {});
    await clock.advance(200);
    const error = await rejection(result);
    expect(error.code).toBe('GA_DNS_TIMEOUT');
    expect(error.message).toContain('sending failed: send ENETUNREACH');
  });

  it('fails with GA_DNS_SOCKET_FAILED when no socket can be opened', async () => {
    const error = await rejection(
      queryTxt({
        server: { host: '192.0.2.53', port: 53 },
        name: NAME,
        timeoutMs: 10,
        retries: 0,
        openSocket: async () => {
          throw new Error('EAFNOSUPPORT');
        },
      }),
    );
    expect(error.code).toBe('GA_DNS_SOCKET_FAILED');
    expect(error.message).toContain('EAFNOSUPPORT');
  });

  it.each([
    [{ server: { host: 'ns1.google.com', port: 53 } }, 'not an IP address'],
    [{ server: { host: '192.0.2.53', port: 0 } }, 'port `0`'],
    [{ name: 'bad name' }, '`bad name` is not a DNS name'],
    [{ timeoutMs: 0 }, 'timeout `0`'],
    [{ retries: -1 }, 'retries `-1`'],
  ] as const)('rejects invalid options %j before sending anything', async (overrides, text) => {
    const socket = new FakeDnsSocket(() => []);
    const promise = queryTxt({
      server: { host: '192.0.2.53', port: 53 },
      name: NAME,
      timeoutMs: 100,
      retries: 0,
      openSocket: socket.factory(),
      ...overrides,
    });
    const error = await rejection(promise);
    expect(hasErrorCode(error, 'GA_DNS_INVALID_QUERY')).toBe(true);
    expect(error.message).toContain(text);
    expect(socket.sent).toHaveLength(0);
  });
});
