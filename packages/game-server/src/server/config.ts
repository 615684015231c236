import { GameError } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated, frozen configuration of one game server process. */
export interface GameConfig {
  /** TCP port; 0 picks a free one (tests). From argv[2] as the seed's `server.js PORT`, else env. */
  readonly port: number;
  readonly host: string;
  readonly tickHz: number;
  readonly arenaCapacity: number;
  readonly maxArenas: number;
  /**
   * Open WebSocket connections at once (`/ws`); one more is refused with 1013 "server full".
   * nginx in front is sized from it as well.
   */
  readonly maxConnections: number;
  /** Ticks between two snapshots to each client; 2 (10 snapshots/s at 20 Hz) halves send cost. */
  readonly snapshotEvery: number;
  readonly idleTimeoutS: number;
  readonly roundS: number;
  readonly intermissionS: number;
  readonly leaderboardPath: string;
  /**
   * Create the leaderboard's directory (and parents) once at start-up: for a local run without
   * the client-agent. Off by default, and never done while serving: on the volume a missing
   * directory means the volume is not mounted, and creating it would hide scores on local disk.
   */
  readonly leaderboardCreateDir: boolean;
  /** A call on the volume slower than this fails with GAME_ERR_STORAGE_HUNG (it keeps its slot). */
  readonly storageTimeoutS: number;
  /**
   * Calls on the volume at once. Each can hold one of libuv's UV_THREADPOOL_SIZE threads (4)
   * while the mount hangs; the others keep serving dns.lookup and local files.
   */
  readonly storageConcurrency: number;
  /** Empty means any origin may connect. */
  readonly allowedOrigins: readonly string[];
  /** Directory of the browser client to serve, or '' to serve none (nginx does it). */
  readonly staticDir: string;
  readonly shutdownGraceS: number;
  /** The tick figures of /healthz (p50, p99) cover the last this many seconds of ticks. */
  readonly tickStatsWindowS: number;
  /** Fixed seed for reproducible games; undefined seeds each arena from the clock. */
  readonly seed: number | undefined;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Default of GAME_MAX_CONNECTIONS, sized from what one process can really serve rather than from
 * its seats (GAME_ARENA_CAPACITY x GAME_MAX_ARENAS = 2048, which no process reaches): one process
 * keeps its tick p99 under 10 ms up to ~176 players on the reference machine
 * (docs/benchmarks.md, "Game capacity"). About 3x that leaves room for players at the join form,
 * reconnects that overlap a dying connection until the heartbeat ends it, and a faster machine,
 * while bounding what clients that stop reading can hold: up to 512 KiB of send backlog each
 * (transport/send-backlog.ts), 256 MiB at worst. nginx needs two connections per player (client
 * and upstream), so its worker_connections must be sized from the same number.
 */
export const DEFAULT_MAX_CONNECTIONS = 512;

function bad(name: string, value: string, allowed: string, example: string): GameError {
  return new GameError(
    'GAME_ERR_CONFIG',
    `${name} is ${JSON.stringify(value)}, but it must be ${allowed}. Example: ${name}=${example}`,
  );
}

function int(env: Env, name: string, min: number, max: number, fallback: number, example: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw bad(name, raw, `an integer from ${min} to ${max}`, example);
  }
  return n;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw bad(name, raw, '0 or 1', '1');
}

/** libuv's thread pool size (4 unless UV_THREADPOOL_SIZE says otherwise, at most 1024). */
function threadPoolSize(env: Env): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1024) : 4;
}

/** Below the pool's size, so stuck calls on a hung mount can never take every libuv thread. */
function storageConcurrency(env: Env): number {
  const pool = threadPoolSize(env);
  const max = Math.max(1, Math.min(8, pool - 1));
  const raw = env.GAME_STORAGE_CONCURRENCY;
  const n = int(env, 'GAME_STORAGE_CONCURRENCY', 1, 8, 1, '1');
  if (n > max)
    throw bad(
      'GAME_STORAGE_CONCURRENCY',
      raw ?? '',
      `an integer from 1 to ${max}, below UV_THREADPOOL_SIZE (${pool}), so a hung volume leaves libuv threads for DNS and local files`,
      '1',
    );
  return n;
}

function portFrom(argv: readonly string[], env: Env): number {
  const arg = argv[0];
  if (arg !== undefined) {
    const n = Number(arg);
    if (!/^\d+$/.test(arg) || n > 65535)
      throw bad('the first argument (port)', arg, 'an integer from 0 to 65535', '8443');
    return n;
  }
  return int(env, 'GAME_SERVER_PORT', 0, 65535, 8443, '8443');
}

function origins(env: Env): string[] {
  const raw = env.GAME_ALLOWED_ORIGINS ?? '';
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const o of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) {
      throw bad(
        'GAME_ALLOWED_ORIGINS',
        raw,
        'a comma-separated list of origins without paths',
        'https://game.example.org,http://localhost:8080',
      );
    }
  }
  return list;
}

/**
 * Reads every setting once at start-up. Throws GAME_ERR_CONFIG naming the first bad variable;
 * the entry point prints it and exits non-zero.
 */
export function loadConfig(argv: readonly string[], env: Env, defaultStaticDir = ''): GameConfig {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw bad('LOG_LEVEL', logLevel, `one of ${LOG_LEVELS.join(', ')}`, 'info');
  }
  const seedRaw = env.GAME_SEED;
  return Object.freeze({
    port: portFrom(argv, env),
    host: env.GAME_HOST || '0.0.0.0',
    tickHz: int(env, 'GAME_TICK_HZ', 1, 120, 20, '20'),
    arenaCapacity: int(env, 'GAME_ARENA_CAPACITY', 1, 256, 32, '32'),
    maxArenas: int(env, 'GAME_MAX_ARENAS', 1, 10_000, 64, '64'),
    maxConnections: int(env, 'GAME_MAX_CONNECTIONS', 1, 65_536, DEFAULT_MAX_CONNECTIONS, '512'),
    snapshotEvery: int(env, 'GAME_SNAPSHOT_EVERY', 1, 10, 2, '2'),
    idleTimeoutS: int(env, 'GAME_IDLE_TIMEOUT_S', 5, 86_400, 120, '120'),
    roundS: int(env, 'GAME_ROUND_S', 10, 86_400, 180, '180'),
    intermissionS: int(env, 'GAME_INTERMISSION_S', 1, 600, 10, '10'),
    leaderboardPath: env.GAME_LEADERBOARD_PATH || 'leaderboard.json',
    leaderboardCreateDir: flag(env, 'GAME_LEADERBOARD_CREATE_DIR'),
    storageTimeoutS: int(env, 'GAME_STORAGE_TIMEOUT_S', 1, 300, 10, '10'),
    storageConcurrency: storageConcurrency(env),
    allowedOrigins: Object.freeze(origins(env)),
    staticDir: env.GAME_STATIC_DIR ?? defaultStaticDir,
    shutdownGraceS: int(env, 'GAME_SHUTDOWN_GRACE_S', 1, 300, 10, '10'),
    tickStatsWindowS: int(env, 'GAME_TICK_STATS_WINDOW_S', 1, 3_600, 30, '30'),
    seed:
      seedRaw === undefined || seedRaw === '' ? undefined : int(env, 'GAME_SEED', 0, 2 ** 32 - 1, 0, '42'),
    logLevel: logLevel as LogLevel,
  });
}
