/** Why a connection was not admitted: the `reason` label of game_connections_refused_total. */
export type RefusalReason = 'full' | 'origin' | 'unavailable';

/** How a refusal for being full is made; see ConnectionLimit. */
export type FullRefusal = 'close' | 'http';

/**
 * Counts open connections against GAME_MAX_CONNECTIONS. A connection over the cap is upgraded
 * and then closed with 1013 and a reason, because that is all a browser's WebSocket lets a page
 * read: a 503 before the upgrade reaches it as an anonymous 1006. Each such refusal holds a socket
 * until its close handshake ends, so while `maxRefusing` of them are under way (a client opening
 * connections in a loop) further ones get the cheap 503 instead.
 */
export class ConnectionLimit {
  private openCount = 0;
  private refusing = 0;

  constructor(
    readonly max: number,
    private readonly maxRefusing: number,
  ) {}

  /** Admitted connections still open. */
  get open(): number {
    return this.openCount;
  }

  /** Before the upgrade: how a connection that turns out to be over the cap must be refused. */
  refusalIfFull(): FullRefusal | undefined {
    if (this.openCount < this.max) return undefined;
    return this.refusing < this.maxRefusing ? 'close' : 'http';
  }

  /**
   * After the upgrade (synchronous, so two upgrades cannot both take the last slot): true takes
   * a slot, to give back with release(); false means refuse it, then call refusalEnded().
   */
  admit(): boolean {
    if (this.openCount < this.max) {
      this.openCount += 1;
      return true;
    }
    this.refusing += 1;
    return false;
  }

  release(): void {
    this.openCount = Math.max(0, this.openCount - 1);
  }

  refusalEnded(): void {
    this.refusing = Math.max(0, this.refusing - 1);
  }
}
