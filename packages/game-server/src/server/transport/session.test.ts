import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../shared/protocol/client-messages.js';
import { createMetrics } from '../metrics.js';
import type { PeerSocket } from './peer.js';
import { TokenBucket } from './rate-limit.js';
import { SESSION_LIMITS, Session, type SessionHandler } from './session.js';

class FakeSocket implements PeerSocket {
  sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
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
  const session = new Session(socket, handler, createMetrics(false), () => now);
  return { session, socket, received, advance: (ms: number) => (now += ms), closes: () => closes };
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
});
