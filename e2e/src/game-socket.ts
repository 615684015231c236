import WebSocket from 'ws';

/** A message from the game server, as far as the tests read it. */
export interface ServerMessage {
  t: string;
  [field: string]: unknown;
}

/** One all-time leaderboard entry, as the server sends it in an `lb` message. */
export interface LeaderboardEntry {
  name: string;
  score: number;
  kills: number;
  at: number;
}

/**
 * Opens a WebSocket to `url`, sends `request` once it is open, and resolves with the first server
 * message of type `expected`; rejects on close, error or after `timeoutMs`. The socket is always
 * closed before returning.
 */
async function exchange(
  url: string,
  request: Record<string, unknown>,
  expected: string,
  timeoutMs: number,
): Promise<ServerMessage> {
  const socket = new WebSocket(url);
  try {
    return await new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no '${expected}' from ${url} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      socket.on('open', () => socket.send(JSON.stringify(request)));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.t !== expected) return;
        clearTimeout(timer);
        resolve(message);
      });
      socket.on('error', fail);
      socket.on('close', (code, reason) => fail(new Error(`${url} closed (${code} ${String(reason)})`)));
    });
  } finally {
    socket.terminate();
  }
}

/** The join message the browser client sends first. */
export function joinMessage(name: string, hue = 120): { t: 'join'; name: string; hue: number } {
  return { t: 'join', name, hue };
}

/**
 * Joins the game at `url` as the browser client does and resolves with the first server message
 * of type `expected` (the welcome). Closing the socket then leaves the game, which records the
 * player's score on the leaderboard while a round is being played.
 */
export function joinGame(
  url: string,
  name: string,
  expected = 'welcome',
  timeoutMs = 15_000,
): Promise<ServerMessage> {
  return exchange(url, joinMessage(name), expected, timeoutMs);
}

/** Asks the game at `url` for the all-time leaderboard, as the browser's leaderboard key does. */
export async function fetchLeaderboard(url: string, timeoutMs = 15_000): Promise<LeaderboardEntry[]> {
  const message = await exchange(url, { t: 'lb' }, 'lb', timeoutMs);
  return message.top as LeaderboardEntry[];
}

/** The input bits the browser sends (packages/game-server/src/shared/protocol/keys.ts). */
const FIRE_AND_TURN = 8 | 2;

/** A player still in the game, who has scored. */
export interface ScoringPlayer {
  score: number;
  /** The last close the server sent this player, once the socket closed (code and reason). */
  closed(): { code: number; reason: string } | undefined;
  /** Leaves the game: its score of the round so far goes to the leaderboard. */
  leave(): void;
}

/**
 * Plays at `url` until the player scores, the way a player with a steady trigger finger does:
 * joins, spins and fires (a rock is hit within seconds with a fixed GAME_SEED), and watches the
 * scoreboard that rides along with the snapshots. The player stays in the game: `leave()` (or the
 * server stopping) records its score of the round so far.
 */
export async function playUntilScored(url: string, name: string, timeoutMs = 60_000): Promise<ScoringPlayer> {
  const socket = new WebSocket(url);
  let closed: { code: number; reason: string } | undefined;
  socket.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
  });
  try {
    const score = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not score at ${url} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      socket.on('open', () => socket.send(JSON.stringify(joinMessage(name))));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.t === 'welcome') socket.send(JSON.stringify({ t: 'input', k: FIRE_AND_TURN }));
        const rows = message.t === 's' ? (message.sb as { rows?: unknown[][] } | undefined)?.rows : undefined;
        const scored = rows?.find((row) => row[1] === name)?.[3];
        if (typeof scored === 'number' && scored > 0) {
          clearTimeout(timer);
          resolve(scored);
        }
      });
      socket.on('error', fail);
      socket.on('close', (code, reason) => fail(new Error(`${url} closed (${code} ${String(reason)})`)));
    });
    // Stop firing: the score stays what the caller was told while the player waits.
    socket.send(JSON.stringify({ t: 'input', k: 0 }));
    return { score, closed: () => closed, leave: () => socket.close() };
  } catch (error) {
    socket.terminate();
    throw error;
  }
}
