import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../shared/protocol/client-messages.js';
import { createMetrics } from '../metrics.js';
import type { PeerSocket } from './peer.js';
import { TokenBucket } from './rate-limit.js';
import { BACKLOG_LIMITS } from './send-backlog.js';
import { SESSION_LIMITS, Session, type SessionHandler } from './session.js';

class FakeSocket implements PeerSocket {
  sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  terminated = false;
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup() {
  let now = 0;
  const received: ClientMessage[] = [];
  let closes = 0;
  const handler: SessionHandler = {
    onMessage: (_s, m) => received.push(m),
    onClose: () => {
      closes += 1;
    },
  };
  const socket = new FakeSocket();
  const metrics = createMetrics(false);
  const session = new Session(socket, handler, metrics, () => now);
  return {
    session,
    socket,
    metrics,
    received,
    advance: (ms: number) => (now += ms),
    closes: () => closes,
  };
}

describe('TokenBucket', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 500;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});

describe('Session', () => {
  it('passes valid messages to the game', () => {
    const { session, received } = setup();
    session.receive(Buffer.from('{"t":"input","k":1}'), false);
    expect(received).toEqual([{ t: 'input', k: 1 }]);
  });

  it('answers invalid messages with an error and never forwards them', () => {
    const { session, received, socket } = setup();
    session.receive(Buffer.from('{"t":"input","k":"lots"}'), false);
    session.receive(Buffer.from([0xff, 0x00]), true);
    expect(received).toEqual([]);
    expect(socket.sent.map((s) => JSON.parse(s).t)).toEqual(['error', 'error']);
    expect(socket.closed).toBeUndefined();
  });

  it('closes a connection that keeps sending invalid messages', () => {
    const { session, socket, advance, closes } = setup();
    for (let i = 0; i <= SESSION_LIMITS.maxInvalid; i++) {
      advance(1000);
      session.receive(Buffer.from('nonsense'), false);
    }
    expect(socket.closed).toEqual({ code: 1008, reason: 'abuse' });
    expect(closes()).toBe(1);
  });

  it('drops messages over the rate limit and closes a flooding connection', () => {
    const { session, socket, received } = setup();
    for (let i = 0; i < SESSION_LIMITS.burst + 10; i++)
      session.receive(Buffer.from('{"t":"input","k":1}'), false);
    expect(received).toHaveLength(SESSION_LIMITS.burst);
    expect(socket.closed).toBeUndefined();
    for (let i = 0; i < SESSION_LIMITS.maxDropped; i++)
      session.receive(Buffer.from('{"t":"input","k":1}'), false);
    expect(socket.closed?.reason).toBe('abuse');
  });

  it('reports its close to the game only once even when the socket also closes', () => {
    const { session, closes } = setup();
    session.close(1001, 'shutdown');
    session.closedByPeer();
    expect(closes()).toBe(1);
  });

  it('skips replies to a client that is behind, counts them, and still sends control messages', async () => {
    const { session, socket, metrics } = setup();
    socket.bufferedAmount = BACKLOG_LIMITS.slowBytes + 1;
    expect(session.send({ t: 'pong', c: 1 }, 'reply')).toBe('skipped');
    expect(session.sendText('{"t":"s","k":1}', 'snapshot')).toBe('skipped');
    expect(session.send({ t: 'bye', reason: 'idle' }, 'control')).toBe('sent');
    expect(socket.sent).toEqual(['{"t":"bye","reason":"idle"}']);
    const skipped = await metrics.sendsSkipped.get();
    expect(skipped.values.map((v) => [v.labels.kind, v.value])).toEqual([
      ['reply', 1],
      ['snapshot', 1],
    ]);
  });

  it('terminates a client that stays behind, once, and reports the close to the game', async () => {
    const { session, socket, metrics, advance, closes } = setup();
    socket.bufferedAmount = BACKLOG_LIMITS.slowBytes + 1;
    session.send({ t: 'pong', c: 1 }, 'reply');
    advance(BACKLOG_LIMITS.maxBehindMs);
    expect(session.send({ t: 'pong', c: 2 }, 'reply')).toBe('closed');
    expect(socket.terminated).toBe(true);
    expect(closes()).toBe(1);
    expect(session.send({ t: 'pong', c: 3 }, 'control')).toBe('closed');
    session.closedByPeer();
    expect(closes()).toBe(1);
    const closed = await metrics.connectionsClosed.get();
    expect(closed.values.map((v) => [v.labels.reason, v.value])).toEqual([['backlog', 1]]);
  });

  it('puts its invalid-message errors under the backlog rule too', () => {
    const { session, socket } = setup();
    socket.bufferedAmount = BACKLOG_LIMITS.slowBytes + 1;
    session.receive(Buffer.from('nonsense'), false);
    expect(socket.sent).toEqual([]);
  });
});
