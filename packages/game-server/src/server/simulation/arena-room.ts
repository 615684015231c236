import { ArenaSnapshot, type PendingEvents } from '../../shared/protocol/arena-snapshot.js';
import { ClientView } from '../../shared/protocol/client-view.js';
import type {
  LeaderboardEntry,
  ScoreboardMessage,
  ScoreTuple,
  ServerMessage,
} from '../../shared/protocol/server-messages.js';
import { ArenaSim } from '../../shared/sim/arena-sim.js';
import type { ScoreRow } from '../../shared/sim/entities.js';
import type { GameRules } from '../../shared/sim/rules.js';
import { CLOSE } from '../transport/peer.js';

/**
 * Where a room's traffic goes. The simulation thread turns it into messages to the main thread,
 * which owns the sockets and the leaderboard.
 */
export interface RoomOutput {
  /** One snapshot for one session; a keyframe is a full snapshot that needs no earlier one. */
  frame(sessionId: number, text: string, keyframe: boolean): void;
  send(sessionId: number, message: ServerMessage): void;
  close(sessionId: number, code: number, reason: string): void;
  scores(entries: readonly LeaderboardEntry[]): void;
}

export interface ArenaRoomOptions {
  readonly id: number;
  readonly seed: number;
  readonly rules: GameRules;
  readonly snapshotEvery: number;
  /** Wall clock (ms) used only to timestamp leaderboard entries. */
  readonly now: () => number;
  readonly output: RoomOutput;
}

interface Member {
  readonly sessionId: number;
  readonly view: ClientView;
}

/**
 * One arena: the pure simulation plus the sessions playing in it. Each tick steps the game and
 * gives every member its own delta snapshot.
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

  /** Adds a player for the session and welcomes it; returns the player id. */
  join(sessionId: number, name: string, hue: number): number {
    const id = this.sim.addPlayer(name, hue);
    this.members.set(id, { sessionId, view: new ClientView(id) });
    this.options.output.send(sessionId, {
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

  /** The player's client missed a frame: its next snapshot is a full one. */
  resync(playerId: number): void {
    this.members.get(playerId)?.view.reset();
  }

  /**
   * One simulation step, then snapshots (every `snapshotEvery` ticks) and a scoreboard each
   * second. Returns the sessions removed as idle.
   */
  tick(): number[] {
    const ev = this.sim.step();
    const idleSessions: number[] = [];
    for (const id of ev.idle) {
      const m = this.members.get(id);
      if (!m) continue;
      this.members.delete(id);
      idleSessions.push(m.sessionId);
      this.options.output.send(m.sessionId, { t: 'bye', reason: 'idle' });
      this.options.output.close(m.sessionId, CLOSE.goingAway, 'idle');
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
    return idleSessions;
  }

  /** Tells everyone the server is going away and records the scores of the round so far. */
  shutdown(): void {
    if (this.sim.round.phase === 'playing') this.submit(this.sim.scoreboard());
    const members = [...this.members.values()];
    this.members.clear();
    // Players leave the simulation first so a late leave cannot submit their scores twice.
    for (const id of [...this.sim.state.players.keys()]) this.sim.removePlayer(id);
    for (const m of members) {
      this.options.output.send(m.sessionId, { t: 'bye', reason: 'shutdown' });
      this.options.output.close(m.sessionId, CLOSE.goingAway, 'shutdown');
    }
  }

  /**
   * Every member gets its own delta. The scoreboard, when due, is spliced into the same frame:
   * one socket write per client per snapshot is what the send cost is made of. Whether a client
   * keeps up is the writer's call (main thread); it asks for a resync when it drops a frame.
   */
  private sendSnapshots(): void {
    this.shared.update(this.sim.state, this.pending);
    const sb = this.scoreboardDue ? `,"sb":${JSON.stringify(this.scoreboardMessage())}}` : '}';
    this.scoreboardDue = false;
    for (const m of this.members.values()) {
      const snapshot = m.view.snapshot(this.shared);
      const text = JSON.stringify(snapshot);
      this.options.output.frame(m.sessionId, text.slice(0, -1) + sb, snapshot.reset === 1);
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
    if (entries.length > 0) this.options.output.scores(entries);
  }
}
