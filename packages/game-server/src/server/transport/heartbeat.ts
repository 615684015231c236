/** What heartbeats need from a socket (the `ws` WebSocket has all of it). */
export interface Pingable {
  ping(): void;
  terminate(): void;
  on(event: 'pong', listener: () => void): unknown;
}

/**
 * Pings every socket each interval; one that has not answered the previous ping is dead (a
 * half-open TCP connection after a client vanished) and is terminated.
 */
export class Heartbeat {
  private readonly alive = new Map<Pingable, boolean>();

  track(socket: Pingable): void {
    this.alive.set(socket, true);
    socket.on('pong', () => {
      if (this.alive.has(socket)) this.alive.set(socket, true);
    });
  }

  untrack(socket: Pingable): void {
    this.alive.delete(socket);
  }

  /** One heartbeat round; returns how many sockets were terminated. */
  beat(): number {
    let killed = 0;
    for (const [socket, ok] of this.alive) {
      if (!ok) {
        this.alive.delete(socket);
        socket.terminate();
        killed += 1;
        continue;
      }
      this.alive.set(socket, false);
      try {
        socket.ping();
      } catch {
        // A socket that cannot even be pinged is closing; the next round removes it.
      }
    }
    return killed;
  }
}
