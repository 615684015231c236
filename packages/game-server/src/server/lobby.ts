import type { ClientMessage } from '../shared/protocol/client-messages.js';
import { cleanName } from '../shared/protocol/names.js';
import type { LeaderboardEntry } from '../shared/protocol/server-messages.js';
import type { GameRules } from '../shared/sim/rules.js';
import { ArenaRoom, Outbox, type ScoreSink } from './arena-room.js';
import type { GameMetrics } from './metrics.js';
import { CLOSE } from './transport/peer.js';
import type { Session, SessionHandler } from './transport/session.js';

export interface LobbyOptions {
  readonly rules: GameRules;
  readonly maxArenas: number;
  readonly snapshotEvery: number;
  readonly scores: ScoreSink & { top(): readonly LeaderboardEntry[] };
  readonly metrics: GameMetrics;
  /** Seed for arena n is seed + n, so a fixed seed makes every arena reproducible. */
  readonly seed: () => number;
  readonly now: () => number;
}

/**
 * All arenas of this process. New players go to the fullest arena that still has room (so
 * games are lively), a new arena opens when all are full, and empty arenas are closed.
 */
export class Lobby implements SessionHandler {
  private readonly arenas = new Map<number, ArenaRoom>();
  private nextArenaId = 1;
  private readonly outbox = new Outbox();

  constructor(private readonly options: LobbyOptions) {}

  get arenaCount(): number {
    return this.arenas.size;
  }

  get playerCount(): number {
    let n = 0;
    for (const a of this.arenas.values()) n += a.size;
    return n;
  }

  onMessage(session: Session, message: ClientMessage): void {
    switch (message.t) {
      case 'join':
        this.join(session, message.name, message.hue);
        break;
      case 'input':
        if (session.playerId !== undefined) this.arenaOf(session)?.input(session.playerId, message.k);
        break;
      case 'ping':
        session.send({ t: 'pong', c: message.c });
        break;
      case 'lb':
        session.send({ t: 'lb', top: [...this.options.scores.top()] });
        break;
    }
  }

  onClose(session: Session): void {
    const arena = this.arenaOf(session);
    if (arena && session.playerId !== undefined) arena.leave(session.playerId);
    session.playerId = undefined;
    session.arenaId = undefined;
    if (arena && arena.size === 0) this.arenas.delete(arena.id);
    this.updateGauges();
  }

  /** Steps every arena once; its snapshots wait in the outbox until flush(). */
  tick(): void {
    for (const arena of this.arenas.values()) {
      arena.tick();
      if (arena.size === 0) this.arenas.delete(arena.id);
    }
    this.updateGauges();
  }

  /** Writes the snapshots of the last tick to the sockets. */
  flush(): void {
    this.outbox.flush();
  }

  /** Says goodbye to every client and records unfinished rounds. */
  shutdown(): void {
    for (const arena of this.arenas.values()) arena.shutdown();
    this.arenas.clear();
    this.updateGauges();
  }

  private join(session: Session, rawName: string, hue: number): void {
    if (session.playerId !== undefined) {
      session.send({ t: 'error', code: 'already-joined', msg: 'this connection already plays' });
      return;
    }
    const arena = this.pickArena();
    if (!arena) {
      session.send({ t: 'bye', reason: 'full' });
      session.close(CLOSE.tryAgain, 'full');
      return;
    }
    arena.join(session, cleanName(rawName), hue);
    this.updateGauges();
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
      scores: this.options.scores,
      now: this.options.now,
      outbox: this.outbox,
    });
    this.arenas.set(id, room);
    return room;
  }

  private arenaOf(session: Session): ArenaRoom | undefined {
    return session.arenaId === undefined ? undefined : this.arenas.get(session.arenaId);
  }

  private updateGauges(): void {
    this.options.metrics.players.set(this.playerCount);
    this.options.metrics.arenas.set(this.arenas.size);
  }
}
