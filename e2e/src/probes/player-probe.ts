import WebSocket from 'ws';
import { joinMessage } from '../game-socket.js';
import { GapTracker, type ProbeFigures } from './gap-tracker.js';

/** What the player probe saw, beyond the common figures. */
export interface PlayerFigures extends ProbeFigures {
  /** Times the server welcomed the player (1 + rejoins after a disconnect). */
  welcomes: number;
  /** Close codes and reasons of every disconnect, in order, for the report. */
  closes: string[];
}

/** Options of `startPlayerProbe`. */
export interface PlayerProbeOptions {
  /** Pilot name shown in the game. */
  name?: string;
  /** Pause before reconnecting after a disconnect (default 500 ms). */
  reconnectDelayMs?: number;
  /** How often the player sends input; the game removes players idle for 120 s (default 1 s). */
  inputIntervalMs?: number;
  /** The probe stops by itself after this long (default 10 min). */
  maxDurationMs?: number;
}

/** A connected player: `finish()` leaves the game and returns what it saw. */
export interface PlayerProbe {
  finish(): Promise<PlayerFigures>;
}

/** Keys held in turn: turn left and fire, then thrust and fire (the KEY bit set of the protocol). */
const INPUTS = [2 | 8, 1 | 8];

/**
 * One WebSocket player connected to the game as the browser client is: joins, keeps flying and
 * shooting, and counts every message as proof the game is alive (snapshots arrive ~10 times a
 * second, so a longer gap is a stall players would see). On a disconnect it counts it and joins
 * again, as the browser does, at the URL `url()` gives then (the port may have changed).
 */
export function startPlayerProbe(url: () => string, options: PlayerProbeOptions = {}): PlayerProbe {
  const {
    name = 'ha-probe',
    reconnectDelayMs = 500,
    inputIntervalMs = 1_000,
    maxDurationMs = 600_000,
  } = options;
  const startedAt = performance.now();
  const tracker = new GapTracker('player', startedAt);
  const closes: string[] = [];
  let welcomes = 0;
  let socket: WebSocket | undefined;
  let stopped = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let inputs = 0;

  const connect = () => {
    if (stopped || performance.now() - startedAt > maxDurationMs) return;
    const current = new WebSocket(url(), { handshakeTimeout: 5_000 });
    socket = current;
    current.on('open', () => current.send(JSON.stringify(joinMessage(name))));
    current.on('message', (data) => {
      const message = JSON.parse(String(data)) as { t: string };
      if (message.t === 'welcome') welcomes += 1;
      tracker.success();
    });
    // 'error' is always followed by 'close'; counting happens there.
    current.on('error', () => undefined);
    current.on('close', (code, reason) => {
      if (stopped) return;
      tracker.failure();
      closes.push(`${code}${reason.length > 0 ? ` ${String(reason)}` : ''}`);
      reconnectTimer = setTimeout(connect, reconnectDelayMs);
    });
  };
  const input = setInterval(() => {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ t: 'input', k: INPUTS[inputs++ % INPUTS.length] }));
  }, inputIntervalMs);
  connect();

  return {
    async finish() {
      stopped = true;
      clearInterval(input);
      clearTimeout(reconnectTimer);
      const figures = tracker.figures();
      socket?.terminate();
      return { ...figures, welcomes, closes };
    },
  };
}
