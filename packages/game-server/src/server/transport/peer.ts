/** The little a session needs from a socket; `ws` provides it, tests fake it. */
export interface PeerSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Destroys the connection at once, without a close handshake (which would queue behind). */
  terminate(): void;
  /** Bytes queued in this process, not yet taken by the kernel. */
  readonly bufferedAmount: number;
}

/** WebSocket close codes we use. */
export const CLOSE = Object.freeze({
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  tryAgain: 1013,
});
