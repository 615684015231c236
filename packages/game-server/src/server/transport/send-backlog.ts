/**
 * What a message is worth to a client that has fallen behind, which decides what happens to it
 * while that client's backlog is over the limit:
 * - `snapshot`: skipped. The next keyframe replaces everything a skipped frame said (the
 *   SnapshotWriter asks the simulation for one).
 * - `reply`: skipped. Answers to the client's own requests (leaderboard, pong, error); the
 *   client asked while it was not reading what we already sent, and can ask again. These are the
 *   ones a client can make us send on demand (a leaderboard is ~7 KB, 25 times a second).
 * - `control`: sent anyway. Welcome and bye come from the game once per join or close and are
 *   small; skipping a welcome would leave a player who reads again without its ship.
 */
export type SendKind = 'snapshot' | 'reply' | 'control';

/** What to do with one message. `drop`: end the connection, its backlog will not come down. */
export type SendDecision = 'send' | 'skip' | 'drop';

export interface BacklogLimits {
  /** Bytes queued in this process for one client above which it counts as behind. */
  readonly slowBytes: number;
  /**
   * Bytes queued above which the client is dropped at once. Only control messages are sent over
   * `slowBytes`, so this is reached only by a client that keeps asking to join while not reading.
   */
  readonly maxBytes: number;
  /** A client behind for this long without catching up is dropped: it is not reading. */
  readonly maxBehindMs: number;
}

/**
 * The one backlog rule every send obeys. 256 KiB is about a minute of one player's normal traffic
 * (3.9 KB/s, docs/benchmarks.md), and it sits behind the kernel's own socket buffers, so an
 * honest client is only ever this far behind for a moment; a client that stays there for 5 s
 * has stopped reading (the heartbeat would find it too, but only after 15-30 s). Per connection
 * this process then holds at most `maxBytes` plus one message.
 */
export const BACKLOG_LIMITS: BacklogLimits = Object.freeze({
  slowBytes: 256 * 1024,
  maxBytes: 512 * 1024,
  maxBehindMs: 5000,
});

/** One connection's backlog state; the clock is injected so tests move time without waiting. */
export class SendBacklog {
  private behindSince: number | undefined;

  constructor(
    private readonly limits: BacklogLimits,
    private readonly now: () => number,
  ) {}

  /** Decides one send, given the bytes already queued for this client. */
  decide(queuedBytes: number, kind: SendKind): SendDecision {
    if (queuedBytes <= this.limits.slowBytes) {
      this.behindSince = undefined;
      return 'send';
    }
    const t = this.now();
    this.behindSince ??= t;
    if (queuedBytes > this.limits.maxBytes || t - this.behindSince >= this.limits.maxBehindMs) return 'drop';
    return kind === 'control' ? 'send' : 'skip';
  }
}
