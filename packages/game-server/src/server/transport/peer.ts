/** The little a session needs from a socket; `ws` provides it, tests fake it. */
export interface PeerSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

/** WebSocket close codes we use. */
export const CLOSE = Object.freeze({
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  tryAgain: 1013,
});

/** A client falls this far behind (bytes queued) before snapshots to it are skipped. */
export const SLOW_CLIENT_BYTES = 256 * 1024;
