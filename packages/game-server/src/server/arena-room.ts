import { ArenaSnapshot, type PendingEvents } from '../shared/protocol/arena-snapshot.js';
import { ClientView } from '../shared/protocol/client-view.js';
import type { LeaderboardEntry, ScoreboardMessage, ScoreTuple } from '../shared/protocol/server-messages.js';
import { ArenaSim } from '../shared/sim/arena-sim.js';
import type { ScoreRow } from '../shared/sim/entities.js';
import type { GameRules } from '../shared/sim/rules.js';
import { CLOSE, SLOW_CLIENT_BYTES } from './transport/peer.js';
import type { Session } from './transport/session.js';

/** Where finished scores go; the leaderboard service implements it. */
export interface ScoreSink {
  submit(entries: readonly LeaderboardEntry[]): void;
}

export interface ArenaRoomOptions {
  readonly id: number;
  readonly seed: number;
  readonly rules: GameRules;
  readonly snapshotEvery: number;
  readonly scores: ScoreSink;
  /** Wall clock (ms) used only to timestamp leaderboard entries. */
  readonly now: () => number;
  /** Snapshots are queued here during the tick and written to sockets right after it. */
  readonly outbox: Outbox;
}

/** Frames computed in a tick, written after it so the tick time shows compute and I/O apart. */
export class Outbox {
  private sessions: Session[] = [];
  private texts: string[] = [];

  push(session: Session, text: string): void {
    this.sessions.push(session);
    this.texts.push(text);
  }

  flush(): void {
    const { sessions, texts } = this;
    this.sessions = [];
    this.texts = [];
    for (let i = 0; i < sessions.length; i++) sessions[i]?.sendText(texts[i] ?? '');
  }
}

interface Member {
  readonly session: Session;
  readonly view: ClientView;
}

/**
 * One arena on the network: the pure simulation plus the sessions playing in it. Each tick
 * steps the game and sends every member its own delta snapshot.
 */
export class ArenaRoom {
  readonly id: number;
  readonly sim: ArenaSim;
  private readonly members = new Map<number, Member>();
  private pending: PendingEvents = { newBullets: [], removedBullets: [], explosions: [] };
  private readonly shared = new ArenaSnapshot();
  private lastWorldSide = 0;
  private scoreboardDue = true;

  constructor(private readonly options: ArenaRoomOptions) {
    this.id = options.id;
    this.sim = new ArenaSim({ seed: options.seed, rules: options.rules });
  }

  get size(): number {
    return this.members.size;
  }

  join(session: Session, name: string, hue: number): number {
    const id = this.sim.addPlayer(name, hue);
    session.playerId = id;
    session.arenaId = this.id;
    this.members.set(id, { session, view: new ClientView(id) });
    session.send({
      t: 'welcome',
      id,
      arena: this.id,
      hz: this.options.rules.tickHz,
      every: this.options.snapshotEvery,
      name,
    });
    this.scoreboardDue = true;
    return id;
  }

  leave(playerId: number): void {
    const player = this.sim.state.players.get(playerId);
    // During the pause the round's scores were already submitted when it ended.
    if (player && this.sim.round.phase === 'playing')
      this.submit([
        {
          id: player.id,
          name: player.name,
          hue: player.hue,
          score: player.score,
          kills: player.kills,
          deaths: player.deaths,
        },
      ]);
    this.sim.removePlayer(playerId);
    this.members.delete(playerId);
  }

  input(playerId: number, keys: number): void {
    this.sim.setInput(playerId, keys);
  }

  /** One simulation step, then snapshots (every `snapshotEvery` ticks) and a scoreboard each second. */
  tick(): void {
    const ev = this.sim.step();
    for (const id of ev.idle) {
      const m = this.members.get(id);
      this.members.delete(id);
      m?.session.send({ t: 'bye', reason: 'idle' });
      m?.session.close(CLOSE.goingAway, 'idle');
    }
    for (const b of ev.newBullets) this.pending.newBullets.push(b.id);
    this.pending.removedBullets.push(...ev.removedBullets);
    this.pending.explosions.push(...ev.explosions);
    const side = this.sim.state.world.width;
    if (ev.roundEnded || ev.roundStarted || side !== this.lastWorldSide) {
      this.lastWorldSide = side;
      for (const m of this.members.values()) m.view.reset();
    }
    if (ev.roundEnded) this.submit(ev.roundEnded);
    const tick = this.sim.state.tick;
    // Once a second, at a different tick for each arena, the scoreboard rides along.
    if (ev.roundEnded || ev.roundStarted || (tick + this.id * 7) % this.options.rules.tickHz === 0) {
      this.scoreboardDue = true;
    }
    // Arenas take turns (offset by id) so their snapshot work does not pile up in one tick.
    if ((tick + this.id) % this.options.snapshotEvery === 0) this.sendSnapshots();
  }

  /** Tells everyone the server is going away and records the scores of the round so far. */
  shutdown(): void {
    if (this.sim.round.phase === 'playing') this.submit(this.sim.scoreboard());
    const members = [...this.members.values()];
    this.members.clear();
    // Players leave the simulation first so the close handlers do not submit their scores twice.
    for (const id of [...this.sim.state.players.keys()]) this.sim.removePlayer(id);
    for (const m of members) {
      m.session.send({ t: 'bye', reason: 'shutdown' });
      m.session.close(CLOSE.goingAway, 'shutdown');
    }
  }

  /**
   * Every member gets its own delta. The scoreboard, when due, is spliced into the same frame:
   * one socket write per client per snapshot is what the send cost is made of.
   */
  private sendSnapshots(): void {
    this.shared.update(this.sim.state, this.pending);
    const sb = this.scoreboardDue ? `,"sb":${JSON.stringify(this.scoreboardMessage())}}` : '}';
    this.scoreboardDue = false;
    for (const m of this.members.values()) {
      // A client that cannot keep up gets no deltas; a full snapshot follows once it drains.
      if (m.session.bufferedAmount > SLOW_CLIENT_BYTES) {
        m.view.reset();
        continue;
      }
      const text = JSON.stringify(m.view.snapshot(this.shared));
      this.options.outbox.push(m.session, text.slice(0, -1) + sb);
    }
    this.pending = { newBullets: [], removedBullets: [], explosions: [] };
  }

  private scoreboardMessage(): ScoreboardMessage {
    const round = this.sim.round;
    const rows: ScoreTuple[] = this.sim
      .scoreboard()
      .map((r) => [r.id, r.name, r.hue, r.score, r.kills, r.deaths]);
    return {
      t: 'sb',
      phase: round.phase,
      round: round.round,
      left: Math.max(0, Math.ceil((round.phaseEndsAt - this.sim.state.tick) / this.options.rules.tickHz)),
      rows,
    };
  }

  private submit(rows: readonly ScoreRow[]): void {
    const at = this.options.now();
    const entries = rows
      .filter((r) => r.score > 0)
      .map((r) => ({ name: r.name, score: r.score, kills: r.kills, at }));
    if (entries.length > 0) this.options.scores.submit(entries);
  }
}
