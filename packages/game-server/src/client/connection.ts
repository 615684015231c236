import type { ClientMessage } from '../shared/protocol/client-messages.js';
import type { ServerMessage } from '../shared/protocol/server-messages.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** The close code of a server that is full (all connections or all arenas taken). */
const TRY_AGAIN_LATER = 1013;

/**
 * What the status line says about a close. A full server closes with 1013, "try again later";
 * it reads as "server full" whatever the reason text, so the player knows to wait, not to worry.
 */
export function closeDetail(code: number, reason: string): string {
  if (code === TRY_AGAIN_LATER) return 'server full';
  return reason || `closed (${code})`;
}

export interface ConnectionEvents {
  onState(state: ConnectionState, detail: string): void;
  onOpen(): void;
  onMessage(message: ServerMessage): void;
}

/**
 * A WebSocket that comes back by itself: when the server restarts (or the volume it runs from
 * fails over) the client retries with growing delays and rejoins.
 */
export class Connection {
  private socket: WebSocket | undefined;
  private attempt = 0;

  constructor(
    private readonly url: string,
    private readonly events: ConnectionEvents,
  ) {}

  connect(): void {
    this.events.onState(this.attempt === 0 ? 'connecting' : 'reconnecting', this.url);
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.events.onState('open', this.url);
      this.events.onOpen();
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      try {
        this.events.onMessage(JSON.parse(e.data) as ServerMessage);
      } catch {
        // A frame we cannot read is skipped; the next snapshot brings us back in step.
      }
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      this.attempt += 1;
      const delay = Math.min(5000, 300 * 2 ** Math.min(this.attempt, 5)) * (0.75 + Math.random() * 0.5);
      this.events.onState('reconnecting', closeDetail(e.code, e.reason));
      setTimeout(() => this.connect(), delay);
    };
  }

  send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
