import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { GameRules } from '../shared/sim/rules.js';
import type { GameConfig } from './config.js';
import { GameLoop, type LoopClock, realClock } from './game-loop.js';
import { registerStaticFiles } from './http/static-files.js';
import { FileStorage, type LeaderboardStorage } from './leaderboard/file-storage.js';
import { LeaderboardService, type Timers } from './leaderboard/service.js';
import { Lobby } from './lobby.js';
import type { Logger } from './logger.js';
import { createMetrics, type GameMetrics } from './metrics.js';
import { TickStats } from './tick-stats.js';
import { registerWebSocketRoute } from './transport/ws-route.js';

/** Largest frame a client may send; real messages are under 100 bytes. */
export const MAX_PAYLOAD_BYTES = 1024;
/** How often dead connections are looked for. */
export const HEARTBEAT_MS = 15_000;
/** How often other containers' leaderboard writes are picked up. */
const LEADERBOARD_REFRESH_MS = 30_000;

export type ServerState = 'starting' | 'running' | 'stopping' | 'stopped';

export interface GameServerDeps {
  readonly logger: Logger;
  readonly metrics?: GameMetrics;
  readonly storage?: LeaderboardStorage;
  readonly clock?: LoopClock;
  readonly timers?: Timers;
  /** Wall clock in ms, for leaderboard timestamps and rate limits. */
  readonly now?: () => number;
}

export interface GameServer {
  readonly app: FastifyInstance;
  readonly lobby: Lobby;
  readonly leaderboard: LeaderboardService;
  readonly state: ServerState;
  /** Starts listening and ticking; resolves to the bound port. */
  start(): Promise<number>;
  /** The documented stop order: stop ticking, say bye, persist scores, close the transport. */
  stop(graceMs: number): Promise<void>;
}

/** Wires the game, the transport and persistence into one server, without starting it. */
export function createGameServer(config: GameConfig, deps: GameServerDeps): GameServer {
  const { logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const now = deps.now ?? Date.now;
  const timers: Timers = deps.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  const rules: GameRules = Object.freeze({
    tickHz: config.tickHz,
    arenaCapacity: config.arenaCapacity,
    idleTimeoutS: config.idleTimeoutS,
    roundS: config.roundS,
    intermissionS: config.intermissionS,
  });
  const leaderboard = new LeaderboardService({
    storage:
      deps.storage ??
      new FileStorage(config.leaderboardPath, {
        onLockCompromised: (err) => logger.warn({ err }, 'leaderboard lock was lost while held'),
      }),
    logger,
    metrics,
    timers,
  });
  const lobby = new Lobby({
    rules,
    maxArenas: config.maxArenas,
    snapshotEvery: config.snapshotEvery,
    scores: leaderboard,
    metrics,
    seed: () => config.seed ?? now() >>> 0,
    now,
  });
  // Quantiles cover the last GAME_TICK_STATS_WINDOW_S (30 s) of ticks: recent enough to show the
  // current load. A tick is measured whole (simulate, encode, write to sockets) and without the
  // socket writes.
  const window = config.tickHz * config.tickStatsWindowS;
  const tickStats = { wall: new TickStats(window), compute: new TickStats(window) };
  const loop = new GameLoop(
    config.tickHz,
    () => {
      const t0 = performance.now();
      lobby.tick();
      const t1 = performance.now();
      lobby.flush();
      const ms = performance.now() - t0;
      tickStats.wall.record(ms);
      tickStats.compute.record(t1 - t0);
      metrics.tickDuration.observe(ms / 1000);
    },
    deps.clock ?? realClock,
  );
  let state: ServerState = 'starting';
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 4096,
  });
  app.register(websocket, { options: { maxPayload: MAX_PAYLOAD_BYTES } });
  app.register(async (scope) => {
    registerWebSocketRoute(scope, {
      lobby,
      metrics,
      logger,
      allowedOrigins: config.allowedOrigins,
      now,
      heartbeatMs: HEARTBEAT_MS,
      isOpen: () => state === 'running',
    });
    scope.get('/healthz', async (_req, reply) => {
      const body = {
        status: state === 'running' ? 'ok' : state,
        players: lobby.playerCount,
        arenas: lobby.arenaCount,
        tick: {
          p50Ms: tickStats.wall.quantile(0.5),
          p99Ms: tickStats.wall.quantile(0.99),
          computeP50Ms: tickStats.compute.quantile(0.5),
          computeP99Ms: tickStats.compute.quantile(0.99),
        },
        leaderboard: {
          pending: leaderboard.pendingCount,
          corruptFileMovedTo: leaderboard.corruptFileMovedTo ?? null,
        },
      };
      return reply.code(state === 'running' ? 200 : 503).send(body);
    });
    scope.get('/metrics', async (_req, reply) => {
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    if (config.staticDir) registerStaticFiles(scope, config.staticDir);
  });
  let refresh: NodeJS.Timeout | undefined;

  return {
    app,
    lobby,
    leaderboard,
    get state() {
      return state;
    },
    async start() {
      await leaderboard.load();
      await app.listen({ port: config.port, host: config.host });
      loop.start();
      refresh = setInterval(() => void leaderboard.refresh(), LEADERBOARD_REFRESH_MS).unref();
      state = 'running';
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : config.port;
    },
    async stop(graceMs) {
      if (state === 'stopping' || state === 'stopped') return;
      state = 'stopping';
      const deadline = now() + graceMs;
      loop.stop();
      clearInterval(refresh);
      lobby.shutdown();
      // Persisting gets most of the grace period; closing sockets needs little.
      await leaderboard.close(deadline - Math.min(1000, graceMs / 4), now);
      await app.close();
      state = 'stopped';
    },
  };
}
