import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../shared/sim/rules.js';
import { Lobby } from './lobby.js';
import { createMetrics } from './metrics.js';
import type { PeerSocket } from './transport/peer.js';
import { Session } from './transport/session.js';

class FakeSocket implements PeerSocket {
  sent: Array<{ t: string } & Record<string, unknown>> = [];
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {}
}

function makeLobby(capacity: number, maxArenas = 10) {
  const submitted: unknown[] = [];
  const metrics = createMetrics(false);
  const lobby = new Lobby({
    rules: { ...DEFAULT_RULES, arenaCapacity: capacity },
    maxArenas,
    snapshotEvery: 1,
    scores: { submit: (e) => submitted.push(...e), top: () => [] },
    metrics,
    seed: () => 1,
    now: () => 0,
  });
  const connect = (name: string) => {
    const socket = new FakeSocket();
    const session = new Session(socket, lobby, metrics, () => 0);
    session.receive(JSON.stringify({ t: 'join', name, hue: 0 }), false);
    return { session, socket };
  };
  return { lobby, connect, submitted };
}

describe('Lobby', () => {
  it('puts new players into the fullest arena that still has room', () => {
    const { lobby, connect } = makeLobby(3);
    const first = [connect('a'), connect('b'), connect('c')];
    const d = connect('d');
    expect(first.map((p) => p.session.arenaId)).toEqual([1, 1, 1]);
    expect(d.session.arenaId).toBe(2);
    first[0]?.session.closedByPeer();
    expect(connect('e').session.arenaId).toBe(1);
    expect(lobby.arenaCount).toBe(2);
    expect(lobby.playerCount).toBe(4);
  });

  it('welcomes a player with a cleaned name and sends a snapshot after every tick once flushed', () => {
    const { lobby, connect } = makeLobby(4);
    const { socket } = connect('  <b>Zed</b>\u0000 ');
    expect(socket.sent[0]).toMatchObject({ t: 'welcome', name: '<b>Zed</b>' });
    lobby.tick();
    lobby.flush();
    lobby.tick();
    expect(socket.sent.filter((m) => m.t === 's')).toHaveLength(1);
    lobby.flush();
    expect(socket.sent.filter((m) => m.t === 's')).toHaveLength(2);
  });

  it('turns players away when every arena is full', () => {
    const { connect } = makeLobby(1, 1);
    connect('a');
    const late = connect('b');
    expect(late.socket.sent.at(-1)).toEqual({ t: 'bye', reason: 'full' });
    expect(late.session.playerId).toBeUndefined();
  });

  it('closes an arena when its last player leaves and records the score made', () => {
    const { lobby, connect, submitted } = makeLobby(4);
    const { session } = connect('a');
    expect(session.arenaId).toBe(1);
    session.closedByPeer();
    expect(lobby.arenaCount).toBe(0);
    expect(submitted).toEqual([]); // a score of 0 is not worth a leaderboard entry
  });

  it('says goodbye to everyone at shutdown', () => {
    const { lobby, connect } = makeLobby(4);
    const a = connect('a');
    lobby.shutdown();
    expect(a.socket.sent.at(-1)).toEqual({ t: 'bye', reason: 'shutdown' });
    expect(lobby.playerCount).toBe(0);
  });
});
