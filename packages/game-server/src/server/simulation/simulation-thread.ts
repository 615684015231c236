import type { LeaderboardEntry, ServerMessage } from '../../shared/protocol/server-messages.js';
import type { RoomOutput } from './arena-room.js';
import { GameLoop, type LoopClock } from './game-loop.js';
import { Lobby } from './lobby.js';
import type { FromSimulation, SimulationSettings, ToSimulation } from './messages.js';

/** Collects one tick's frames into the parallel arrays of a FrameBatch. */
class FrameCollector {
  private sessionIds: number[] = [];
  private texts: string[] = [];
  private keyframes: boolean[] = [];

  push(sessionId: number, text: string, keyframe: boolean): void {
    this.sessionIds.push(sessionId);
    this.texts.push(text);
    this.keyframes.push(keyframe);
  }

  /** The frames collected since the last call, or undefined when there were none. */
  take(): FromSimulation | undefined {
    if (this.texts.length === 0) return undefined;
    const batch: FromSimulation = {
      t: 'frames',
      sessionIds: this.sessionIds,
      texts: this.texts,
      keyframes: this.keyframes,
    };
    this.sessionIds = [];
    this.texts = [];
    this.keyframes = [];
    return batch;
  }
}

/**
 * The simulation side of the thread protocol: the lobby, its arenas and the game loop. It runs
 * in a worker in production (so a tick never waits on socket writes) and in the test's own
 * thread with a hand-stepped clock; either way it only talks through `post`.
 */
export class SimulationThread {
  private readonly lobby: Lobby;
  private readonly loop: GameLoop;
  private readonly frames = new FrameCollector();

  constructor(
    settings: SimulationSettings,
    private readonly post: (message: FromSimulation) => void,
    clock: LoopClock,
    now: () => number,
  ) {
    const output: RoomOutput = {
      frame: (sessionId, text, keyframe) => this.frames.push(sessionId, text, keyframe),
      send: (sessionId: number, message: ServerMessage) =>
        post({ t: 'send', sessionId, text: JSON.stringify(message) }),
      close: (sessionId, code, reason) => post({ t: 'close', sessionId, code, reason }),
      scores: (entries: readonly LeaderboardEntry[]) => post({ t: 'scores', entries }),
    };
    this.lobby = new Lobby({
      rules: settings.rules,
      maxArenas: settings.maxArenas,
      snapshotEvery: settings.snapshotEvery,
      output,
      seed: () => settings.seed ?? now() >>> 0,
      now,
    });
    this.loop = new GameLoop(settings.rules.tickHz, () => this.tick(), clock);
  }

  start(): void {
    this.loop.start();
  }

  receive(message: ToSimulation): void {
    switch (message.t) {
      case 'join':
        this.lobby.join(message.sessionId, message.name, message.hue);
        break;
      case 'input':
        this.lobby.input(message.sessionId, message.keys);
        break;
      case 'leave':
        this.lobby.leave(message.sessionId);
        break;
      case 'resync':
        this.lobby.resync(message.sessionId);
        break;
      case 'shutdown':
        this.loop.stop();
        this.lobby.shutdown();
        this.post({ t: 'shutdown-done' });
        break;
    }
  }

  /** The measured tick: step every arena, encode the snapshots and hand them to the main thread. */
  private tick(): void {
    const t0 = performance.now();
    this.lobby.tick();
    const batch = this.frames.take();
    if (batch) this.post(batch);
    this.post({
      t: 'tick',
      ms: performance.now() - t0,
      players: this.lobby.playerCount,
      arenas: this.lobby.arenaCount,
    });
  }
}
