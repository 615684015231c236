import type { ClientMessage } from '../../shared/protocol/client-messages.js';
import { parseClientMessage } from '../../shared/protocol/client-messages.js';
import type { ServerMessage } from '../../shared/protocol/server-messages.js';
import type { GameMetrics } from '../metrics.js';
import { CLOSE, type PeerSocket } from './peer.js';
import { TokenBucket } from './rate-limit.js';
import { BACKLOG_LIMITS, SendBacklog, type SendKind } from './send-backlog.js';

/** What became of one send: `closed` also when this send is what dropped the connection. */
export type SendResult = 'sent' | 'skipped' | 'closed';

/** Limits per connection. Human input is a few messages a second; these leave room for bursts. */
export const SESSION_LIMITS = Object.freeze({
  burst: 40,
  perSecond: 25,
  /** Dropped messages (over the rate) tolerated before the connection is closed as abusive. */
  maxDropped: 200,
  /** Invalid messages tolerated before the connection is closed. */
  maxInvalid: 20,
});

/** What the game offers a connection; the game gateway implements it. */
export interface SessionHandler {
  onMessage(session: Session, message: ClientMessage): void;
  onClose(session: Session): void;
}

let nextSessionId = 1;

/**
 * One client connection: checks every frame (rate, schema) before the game sees it, and counts
 * what it sends. Nothing a client sends can throw out of here.
 */
export class Session {
  /** How the simulation thread knows this connection's player. */
  readonly id = nextSessionId++;
  private readonly bucket: TokenBucket;
  private readonly backlog: SendBacklog;
  private dropped = 0;
  private invalid = 0;
  private closed = false;

  constructor(
    private readonly socket: PeerSocket,
    private readonly handler: SessionHandler,
    private readonly metrics: GameMetrics,
    now: () => number,
  ) {
    this.bucket = new TokenBucket(SESSION_LIMITS.burst, SESSION_LIMITS.perSecond, now);
    this.backlog = new SendBacklog(BACKLOG_LIMITS, now);
  }

  /** Bytes queued for this client in this process (the /metrics backlog gauge sums them). */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Feeds one received frame through the checks. */
  receive(data: Buffer | string, isBinary: boolean): void {
    if (this.closed) return;
    const size = typeof data === 'string' ? data.length : data.byteLength;
    this.metrics.bytesIn.inc(size);
    if (!this.bucket.take()) {
      this.metrics.messagesIn.inc({ result: 'dropped' });
      if (++this.dropped > SESSION_LIMITS.maxDropped) this.close(CLOSE.policy, 'abuse');
      return;
    }
    const parsed = isBinary
      ? { ok: false as const, reason: 'binary frames are not accepted' }
      : parseClientMessage(data.toString());
    if (!parsed.ok) {
      this.metrics.messagesIn.inc({ result: 'invalid' });
      this.send({ t: 'error', code: 'bad-message', msg: parsed.reason }, 'reply');
      if (++this.invalid > SESSION_LIMITS.maxInvalid) this.close(CLOSE.policy, 'abuse');
      return;
    }
    this.metrics.messagesIn.inc({ result: 'ok' });
    this.handler.onMessage(this, parsed.message);
  }

  send(message: ServerMessage, kind: SendKind): SendResult {
    return this.sendText(JSON.stringify(message), kind);
  }

  /**
   * Sends text already serialised (the simulation serialises snapshots off this thread). Every
   * message to a client goes through here, so the backlog rule (send-backlog.ts) holds for all.
   */
  sendText(text: string, kind: SendKind): SendResult {
    if (this.closed) return 'closed';
    const decision = this.backlog.decide(this.socket.bufferedAmount, kind);
    if (decision === 'drop') {
      this.drop();
      return 'closed';
    }
    if (decision === 'skip') {
      this.metrics.sendsSkipped.inc({ kind });
      return 'skipped';
    }
    this.socket.send(text);
    this.metrics.messagesOut.inc();
    this.metrics.bytesOut.inc(Buffer.byteLength(text));
    return 'sent';
  }

  /** Closes with a reason the client can show; the socket's close event then calls closed(). */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.metrics.connectionsClosed.inc({ reason });
    this.socket.close(code, reason);
    this.closed = true;
    this.handler.onClose(this);
  }

  /**
   * Ends a client that stopped reading. Terminated, not closed: a close frame would wait behind
   * the backlog (up to ws's 30 s close timeout) and keep its memory that long.
   */
  private drop(): void {
    this.closed = true;
    this.metrics.connectionsClosed.inc({ reason: 'backlog' });
    this.socket.terminate();
    this.handler.onClose(this);
  }

  /** The socket went away (either side). Safe to call more than once. */
  closedByPeer(): void {
    if (this.closed) return;
    this.closed = true;
    this.metrics.connectionsClosed.inc({ reason: 'peer' });
    this.handler.onClose(this);
  }
}
