import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry, ServerMessage } from '../../shared/protocol/server-messages.js';
import { DEFAULT_RULES } from '../../shared/sim/rules.js';
import type { RoomOutput } from './arena-room.js';
import { Lobby } from './lobby.js';

/** Everything the lobby emits, by session. */
class RecordingOutput implements RoomOutput {
  readonly frames: Array<{ sessionId: number; keyframe: boolean; message: { t: string; reset?: 1 } }> = [];
  readonly sent: Array<{ sessionId: number; message: ServerMessage }> = [];
  readonly closed: Array<{ sessionId: number; code: number; reason: string }> = [];
  readonly scored: LeaderboardEntry[] = [];
  frame(sessionId: number, text: string, keyframe: boolean): void {
    this.frames.push({ sessionId, keyframe, message: JSON.parse(text) });
  }
  send(sessionId: number, message: ServerMessage): void {
    this.sent.push({ sessionId, message });
  }
  close(sessionId: number, code: number, reason: string): void {
    this.closed.push({ sessionId, code, reason });
  }
  scores(entries: readonly LeaderboardEntry[]): void {
    this.scored.push(...entries);
  }
  framesOf(sessionId: number) {
    return this.frames.filter((f) => f.sessionId === sessionId);
  }
}

function makeLobby(capacity: number, maxArenas = 10) {
  const output = new RecordingOutput();
  const lobby = new Lobby({
    rules: { ...DEFAULT_RULES, arenaCapacity: capacity },
    maxArenas,
    snapshotEvery: 1,
    output,
    seed: () => 1,
    now: () => 0,
  });
  const arenaOf = (sessionId: number) => {
    const welcome = output.sent.find((s) => s.sessionId === sessionId && s.message.t === 'welcome');
    return welcome?.message.t === 'welcome' ? welcome.message.arena : undefined;
  };
  return { lobby, output, arenaOf };
}

describe('Lobby', () => {
  it('puts new players into the fullest arena that still has room', () => {
    const { lobby, arenaOf } = makeLobby(3);
    for (const id of [1, 2, 3, 4]) lobby.join(id, `p${id}`, 0);
    expect([1, 2, 3].map(arenaOf)).toEqual([1, 1, 1]);
    expect(arenaOf(4)).toBe(2);
    lobby.leave(1);
    lobby.join(5, 'e', 0);
    expect(arenaOf(5)).toBe(1);
    expect(lobby.arenaCount).toBe(2);
    expect(lobby.playerCount).toBe(4);
  });

  it('welcomes a player with a cleaned name and gives it a frame every tick, the first one full', () => {
    const { lobby, output } = makeLobby(4);
    lobby.join(7, '  <b>Zed</b>\u0000 ', 0);
    expect(output.sent[0]).toMatchObject({ sessionId: 7, message: { t: 'welcome', name: '<b>Zed</b>' } });
    lobby.tick();
    lobby.tick();
    expect(output.framesOf(7).map((f) => [f.message.t, f.keyframe])).toEqual([
      ['s', true],
      ['s', false],
    ]);
    expect(output.framesOf(7)[0]?.message.reset).toBe(1);
  });

  it('makes the next frame of a session that asked for a resync a full snapshot, and only its', () => {
    const { lobby, output } = makeLobby(4);
    lobby.join(1, 'a', 0);
    lobby.join(2, 'b', 0);
    lobby.tick();
    lobby.resync(1);
    lobby.tick();
    const last = output.frames.slice(-2).map((f) => [f.sessionId, f.keyframe, f.message.reset]);
    expect(last).toEqual([
      [1, true, 1],
      [2, false, undefined],
    ]);
  });

  it('answers a second join on the same session with an error and keeps the first seat', () => {
    const { lobby, output } = makeLobby(4);
    lobby.join(1, 'a', 0);
    lobby.join(1, 'a', 0);
    expect(output.sent.at(-1)?.message).toMatchObject({ t: 'error', code: 'already-joined' });
    expect(lobby.playerCount).toBe(1);
  });

  it('turns players away when every arena is full', () => {
    const { lobby, output } = makeLobby(1, 1);
    lobby.join(1, 'a', 0);
    lobby.join(2, 'b', 0);
    expect(output.sent.at(-1)).toEqual({ sessionId: 2, message: { t: 'bye', reason: 'full' } });
    expect(output.closed).toEqual([{ sessionId: 2, code: 1013, reason: 'full' }]);
    expect(lobby.playerCount).toBe(1);
  });

  it('closes an arena when its last player leaves and records the score made', () => {
    const { lobby, output } = makeLobby(4);
    lobby.join(1, 'a', 0);
    lobby.leave(1);
    lobby.leave(1); // a late second leave (the close echoes back) changes nothing
    expect(lobby.arenaCount).toBe(0);
    expect(output.scored).toEqual([]); // a score of 0 is not worth a leaderboard entry
  });

  it('says goodbye to everyone at shutdown', () => {
    const { lobby, output } = makeLobby(4);
    lobby.join(1, 'a', 0);
    lobby.shutdown();
    expect(output.sent.at(-1)).toEqual({ sessionId: 1, message: { t: 'bye', reason: 'shutdown' } });
    expect(output.closed).toEqual([{ sessionId: 1, code: 1001, reason: 'shutdown' }]);
    expect(lobby.playerCount).toBe(0);
  });
});
