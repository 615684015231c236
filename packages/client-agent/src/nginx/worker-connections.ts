/**
 * The game server's default GAME_MAX_CONNECTIONS (packages/game-server: DEFAULT_MAX_CONNECTIONS):
 * the WebSockets it holds open at once; one more is refused by the game server itself.
 */
export const GAME_MAX_CONNECTIONS_DEFAULT = 512;

/**
 * Connections a worker keeps for everything but the game's WebSockets: page and asset requests,
 * keep-alive connections, health checks, and refused /ws requests while their 429 is written.
 */
export const WORKER_CONNECTIONS_HEADROOM = 512;

/** nginx's own default: a worker never gets fewer connections than before this was sized. */
const WORKER_CONNECTIONS_FLOOR = 1024;

/**
 * How many WebSockets the game server accepts at most: GAME_MAX_CONNECTIONS, the variable it
 * reads itself (passed on to it from the container). A value it would refuse falls back to its
 * default here: the game server validates it and says so at its start.
 */
export function gameCapacity(env: NodeJS.ProcessEnv): number {
  const raw = env.GAME_MAX_CONNECTIONS;
  const n = raw !== undefined && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : GAME_MAX_CONNECTIONS_DEFAULT;
}

/**
 * nginx's `worker_connections` for a game of `capacity` WebSockets. A proxied WebSocket holds two
 * connections in one worker (the player's and the one to the game server), and nothing spreads
 * connections evenly across workers, so one worker must be able to hold every player at once.
 * Past this nginx refuses connections ("worker_connections are not enough" in its log).
 */
export function workerConnections(capacity: number): number {
  return Math.max(WORKER_CONNECTIONS_FLOOR, 2 * capacity + WORKER_CONNECTIONS_HEADROOM);
}
