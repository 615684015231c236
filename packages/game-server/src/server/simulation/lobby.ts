import { cleanName } from '../../shared/protocol/names.js';
import type { GameRules } from '../../shared/sim/rules.js';
import { CLOSE } from '../transport/peer.js';
import { ArenaRoom, type RoomOutput } from './arena-room.js';

export interface LobbyOptions {
  readonly rules: GameRules;
  readonly maxArenas: number;
  readonly snapshotEvery: number;
  readonly output: RoomOutput;
  /** Seed for arena n is seed + n, so a fixed seed makes every arena reproducible. */
  readonly seed: () => number;
  readonly now: () => number;
}

/** Where a session plays. */
interface Seat {
  readonly arena: ArenaRoom;
  readonly playerId: number;
}

/**
 * All arenas of this process, with players known by session id. New players go to the fullest
 * arena that still has room (so games are lively), a new arena opens when all are full, and
 * empty arenas are closed.
 */
export class Lobby {
  private readonly arenas = new Map<number, ArenaRoom>();
  private readonly seats = new Map<number, Seat>();
  private nextArenaId = 1;

  constructor(private readonly options: LobbyOptions) {}

  get arenaCount(): number {
    return this.arenas.size;
  }

  get playerCount(): number {
    return this.seats.size;
  }

  join(sessionId: number, rawName: string, hue: number): void {
    const { output } = this.options;
    if (this.seats.has(sessionId)) {
      output.send(sessionId, { t: 'error', code: 'already-joined', msg: 'this connection already plays' });
      return;
    }
    const arena = this.pickArena();
    if (!arena) {
      output.send(sessionId, { t: 'bye', reason: 'full' });
      output.close(sessionId, CLOSE.tryAgain, 'full');
      return;
    }
    this.seats.set(sessionId, { arena, playerId: arena.join(sessionId, cleanName(rawName), hue) });
  }

  input(sessionId: number, keys: number): void {
    const seat = this.seats.get(sessionId);
    seat?.arena.input(seat.playerId, keys);
  }

  /** The session is gone (closed by either side); unknown ids are ignored. */
  leave(sessionId: number): void {
    const seat = this.seats.get(sessionId);
    if (!seat) return;
    this.seats.delete(sessionId);
    seat.arena.leave(seat.playerId);
    if (seat.arena.size === 0) this.arenas.delete(seat.arena.id);
  }

  resync(sessionId: number): void {
    const seat = this.seats.get(sessionId);
    seat?.arena.resync(seat.playerId);
  }

  /** Steps every arena once. */
  tick(): void {
    for (const arena of this.arenas.values()) {
      for (const sessionId of arena.tick()) this.seats.delete(sessionId);
      if (arena.size === 0) this.arenas.delete(arena.id);
    }
  }

  /** Says goodbye to every client and records unfinished rounds. */
  shutdown(): void {
    for (const arena of this.arenas.values()) arena.shutdown();
    this.arenas.clear();
    this.seats.clear();
  }

  private pickArena(): ArenaRoom | undefined {
    let best: ArenaRoom | undefined;
    for (const a of this.arenas.values()) {
      if (a.size >= this.options.rules.arenaCapacity) continue;
      if (!best || a.size > best.size) best = a;
    }
    if (best || this.arenas.size >= this.options.maxArenas) return best;
    const id = this.nextArenaId++;
    const room = new ArenaRoom({
      id,
      seed: (this.options.seed() + id) >>> 0,
      rules: this.options.rules,
      snapshotEvery: this.options.snapshotEvery,
      now: this.options.now,
      output: this.options.output,
    });
    this.arenas.set(id, room);
    return room;
  }
}
