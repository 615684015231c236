import { randomBytes } from 'node:crypto';

/** What heartbeats need from a socket (the `ws` WebSocket has all of it). */
export interface Pingable {
  ping(data: Buffer): void;
  terminate(): void;
  on(event: 'pong', listener: (data: Buffer) => void): unknown;
}

/** A fresh payload for each ping; 8 random bytes cannot be guessed ahead of the ping. */
export const randomNonce = (): Buffer => randomBytes(8);

/**
 * Pings every socket each interval; one that has not answered the previous ping is dead (a
 * half-open TCP connection after a client vanished, or a client that stopped reading) and is
 * terminated. Each ping carries a new nonce and only a pong echoing it counts (RFC 6455 has the
 * peer echo the ping's data): an unsolicited pong, which a client can send without reading
 * anything, would otherwise keep a non-reading connection alive forever.
 */
export class Heartbeat {
  /** The nonce each socket still has to echo; undefined once it has answered. */
  private readonly awaiting = new Map<Pingable, Buffer | undefined>();

  constructor(private readonly nonce: () => Buffer = randomNonce) {}

  track(socket: Pingable): void {
    this.awaiting.set(socket, undefined);
    socket.on('pong', (data) => {
      const expected = this.awaiting.get(socket);
      if (expected !== undefined && Buffer.isBuffer(data) && expected.equals(data))
        this.awaiting.set(socket, undefined);
    });
  }

  untrack(socket: Pingable): void {
    this.awaiting.delete(socket);
  }

  /** One heartbeat round; returns how many sockets were terminated. */
  beat(): number {
    let killed = 0;
    for (const [socket, expected] of this.awaiting) {
      if (expected !== undefined) {
        this.awaiting.delete(socket);
        socket.terminate();
        killed += 1;
        continue;
      }
      const nonce = this.nonce();
      this.awaiting.set(socket, nonce);
      try {
        socket.ping(nonce);
      } catch {
        // A socket that cannot even be pinged is closing; the next round removes it.
      }
    }
    return killed;
  }
}
