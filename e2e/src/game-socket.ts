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
