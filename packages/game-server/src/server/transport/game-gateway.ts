import type { ClientMessage } from '../../shared/protocol/client-messages.js';
import type { LeaderboardMessage } from '../../shared/protocol/server-messages.js';
import type { FrameBatch, ToSimulation } from '../simulation/messages.js';
import type { Session, SessionHandler } from './session.js';
import { SnapshotWriter } from './snapshot-writer.js';

export interface GameGatewayOptions {
  /** Where game messages go: the simulation thread. */
  readonly post: (message: ToSimulation) => void;
  /** Answers `lb` requests on this thread: the board, and whether scores can be saved now. */
  readonly leaderboard: { reply(): LeaderboardMessage };
}

/**
 * The main thread's end of the game: passes what sessions say to the simulation (by session id)
 * and what the simulation says to the sessions. Ping and leaderboard requests never need the
 * simulation and are answered here.
 */
export class GameGateway implements SessionHandler {
  /** Sessions that asked to join, by id: the only ones the simulation can address. */
  private readonly sessions = new Map<number, Session>();
  private readonly writer: SnapshotWriter;
  private readonly targetOf = (sessionId: number) => this.sessions.get(sessionId);

  constructor(private readonly options: GameGatewayOptions) {
    this.writer = new SnapshotWriter((sessionId) => options.post({ t: 'resync', sessionId }));
  }

  onMessage(session: Session, message: ClientMessage): void {
    switch (message.t) {
      case 'join':
        this.sessions.set(session.id, session);
        this.options.post({ t: 'join', sessionId: session.id, name: message.name, hue: message.hue });
        break;
      case 'input':
        // Sent at once: batching would add up to a tick of input latency for little gain.
        if (this.sessions.has(session.id))
          this.options.post({ t: 'input', sessionId: session.id, keys: message.k });
        break;
      case 'ping':
        session.send({ t: 'pong', c: message.c }, 'reply');
        break;
      case 'lb':
        session.send(this.options.leaderboard.reply(), 'reply');
        break;
    }
  }

  onClose(session: Session): void {
    if (!this.sessions.delete(session.id)) return;
    this.writer.forget(session.id);
    this.options.post({ t: 'leave', sessionId: session.id });
  }

  writeFrames(batch: FrameBatch): void {
    this.writer.write(batch, this.targetOf);
  }

  /** The simulation's own messages (welcome, bye, join errors): one per join or close. */
  sendText(sessionId: number, text: string): void {
    this.sessions.get(sessionId)?.sendText(text, 'control');
  }

  close(sessionId: number, code: number, reason: string): void {
    this.sessions.get(sessionId)?.close(code, reason);
  }
}
