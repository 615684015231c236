import { describe, expect, it } from 'vitest';
import type { LeaderboardMessage } from '../../shared/protocol/server-messages.js';
import { createMetrics } from '../metrics.js';
import type { ToSimulation } from '../simulation/messages.js';
import { GameGateway } from './game-gateway.js';
import type { PeerSocket } from './peer.js';
import { BACKLOG_LIMITS } from './send-backlog.js';
import { SESSION_LIMITS, Session } from './session.js';

/** A full board: 100 entries, about 7 KB on the wire, as the flooders of issue #17 asked for. */
const BOARD: LeaderboardMessage = {
  t: 'lb',
  top: Array.from({ length: 100 }, (_, i) => ({
    name: `pilot-${i}-xxxxxx`,
    score: 1e6 - i,
    kills: i,
    at: 1.7e12,
  })),
};

/** A socket whose queue grows with what is sent and never drains: a client that does not read. */
class NonReadingSocket implements PeerSocket {
  bufferedAmount = 0;
  terminated = false;
  send(text: string): void {
    this.bufferedAmount += Buffer.byteLength(text);
  }
  close(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

function setup() {
  let now = 0;
  const posted: ToSimulation[] = [];
  const gateway = new GameGateway({ post: (m) => posted.push(m), leaderboard: { reply: () => BOARD } });
  const socket = new NonReadingSocket();
  const session = new Session(socket, gateway, createMetrics(false), () => now);
  return { socket, session, posted, advance: (ms: number) => (now += ms) };
}

describe('GameGateway leaderboard replies', () => {
  it('stop growing the backlog of a client that asks 25 times a second and never reads, then drop it', () => {
    const { socket, session, posted, advance } = setup();
    session.receive(Buffer.from('{"t":"join","name":"flood","hue":1}'), false);
    let peak = 0;
    let seconds = 0;
    while (!socket.terminated && seconds < 60) {
      for (let i = 0; i < SESSION_LIMITS.perSecond; i++) {
        advance(1000 / SESSION_LIMITS.perSecond);
        session.receive(Buffer.from('{"t":"lb"}'), false);
        peak = Math.max(peak, socket.bufferedAmount);
      }
      seconds += 1;
    }
    // Without the rule: 25 x ~7 KB a second for as long as the connection lives.
    expect(peak).toBeLessThanOrEqual(BACKLOG_LIMITS.slowBytes + JSON.stringify(BOARD).length);
    expect(socket.terminated).toBe(true);
    // Over the limit at ~1.5 s, then dropped once it stayed there for the window.
    expect(seconds).toBeLessThanOrEqual(2 + BACKLOG_LIMITS.maxBehindMs / 1000);
    expect(posted.at(-1)).toEqual({ t: 'leave', sessionId: session.id });
  });
});
