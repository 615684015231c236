import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { GameRules } from '../shared/sim/rules.js';
import type { GameConfig } from './config.js';
import type { GameError } from './errors.js';
import { registerStaticFiles } from './http/static-files.js';
import { FileStorage, type LeaderboardStorage } from './leaderboard/file-storage.js';
import { LeaderboardService } from './leaderboard/service.js';
import type { Logger } from './logger.js';
import { createMetrics, type GameMetrics } from './metrics.js';
import type { SimulationHost, SimulationListener } from './simulation/host.js';
import { InThreadSimulation } from './simulation/in-thread-simulation.js';
import type { SimulationSettings } from './simulation/messages.js';
import { TickFigures } from './tick-figures.js';
import { realTimers, type Timers } from './timers.js';
import { GameGateway } from './transport/game-gateway.js';
import { registerWebSocketRoute } from './transport/ws-route.js';
import type { IoLane } from './volume/io-lane.js';
import { nodeVolumeFs, type VolumeFs } from './volume/volume-fs.js';
import { createVolumeLane } from './volume/volume-lane.js';

/** Largest frame a client may send; real messages are under 100 bytes. */
export const MAX_PAYLOAD_BYTES = 1024;
/** How often dead connections are looked for. */
export const HEARTBEAT_MS = 15_000;
/** How often other containers' leaderboard writes are picked up. */
const LEADERBOARD_REFRESH_MS = 30_000;
/** The most of the grace period the simulation gets to say bye and hand over its scores (it needs ms). */
const SIMULATION_STOP_MS = 2000;

/** 'failed': the simulation thread died; the server answers 503 until the process exits. */
export type ServerState = 'starting' | 'running' | 'failed' | 'stopping' | 'stopped';

export interface GameServerDeps {
  readonly logger: Logger;
  readonly metrics?: GameMetrics;
  readonly storage?: LeaderboardStorage;
  /**
   * Where the simulation runs. Default: in this thread on the real clock. The bundle's entry
   * passes a WorkerSimulation; tests may pass an InThreadSimulation on a hand-stepped clock.
   */
  readonly simulation?: (settings: SimulationSettings) => SimulationHost;
  readonly timers?: Timers;
  /** The file system under the volume's lane (leaderboard, static files); tests inject faults. */
  readonly volumeFs?: VolumeFs;
  /** Wall clock in ms, for leaderboard timestamps and rate limits. */
  readonly now?: () => number;
  /** How often connections are pinged (HEARTBEAT_MS); tests shorten or lengthen it. */
  readonly heartbeatMs?: number;
}

export interface GameServer {
  readonly app: FastifyInstance;
  readonly leaderboard: LeaderboardService;
  /** Every call on the volume goes through it; the entry point reads it before exiting. */
  readonly lane: IoLane;
  readonly state: ServerState;
  /** Resolves (already logged) if the simulation thread dies; the process should then exit. */
  readonly failed: Promise<GameError>;
  /** Starts the simulation, then listens; resolves to the bound port. */
  start(): Promise<number>;
  /**
   * The documented stop order: stop accepting, let the simulation say bye and hand over its
   * scores, persist the scores, close the transport.
   */
  stop(graceMs: number): Promise<void>;
}

/** Wires the game, the transport and persistence into one server, without starting it. */
export function createGameServer(config: GameConfig, deps: GameServerDeps): GameServer {
  const { logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const now = deps.now ?? Date.now;
  const timers: Timers = deps.timers ?? realTimers;
  const volumeFs = deps.volumeFs ?? nodeVolumeFs;
  const timeoutS = config.storageTimeoutS;
  const lane = createVolumeLane({ size: config.storageConcurrency, timeoutS, logger, metrics });
  const fileStorage = new FileStorage(config.leaderboardPath, {
    lane,
    fs: volumeFs,
    onLockCompromised: (err) =>
      logger.warn({ err }, 'leaderboard lock was lost while held; the write is abandoned and retried'),
  });
  const rules: GameRules = Object.freeze({
    tickHz: config.tickHz,
    arenaCapacity: config.arenaCapacity,
    idleTimeoutS: config.idleTimeoutS,
    roundS: config.roundS,
    intermissionS: config.intermissionS,
  });
  const leaderboard = new LeaderboardService({
    storage: deps.storage ?? fileStorage,
    logger,
    metrics,
    timers,
    now,
  });
  const settings: SimulationSettings = {
    rules,
    maxArenas: config.maxArenas,
    snapshotEvery: config.snapshotEvery,
    seed: config.seed,
  };
  const simulation = (deps.simulation ?? ((s) => new InThreadSimulation(s, { now })))(settings);
  const gateway = new GameGateway({ post: (message) => simulation.post(message), leaderboard });
  // Quantiles cover the last GAME_TICK_STATS_WINDOW_S (30 s) of ticks: recent enough to show the
  // current load. The simulation's ticks and the main thread's writes run side by side.
  const figures = new TickFigures(config.tickHz * config.tickStatsWindowS, metrics);
  let reportFailure: (error: GameError) => void = () => undefined;
  const failed = new Promise<GameError>((resolve) => {
    reportFailure = resolve;
  });
  const listener: SimulationListener = {
    event(event) {
      switch (event.t) {
        case 'frames':
          figures.timeSend(() => gateway.writeFrames(event));
          break;
        case 'send':
          gateway.sendText(event.sessionId, event.text);
          break;
        case 'close':
          gateway.close(event.sessionId, event.code, event.reason);
          break;
        case 'scores':
          leaderboard.submit(event.entries);
          break;
        case 'tick':
          figures.recordTick(event);
          break;
      }
    },
    failed(error) {
      // While stopping, stop() already waits for the simulation at most its share of the grace
      // period; exiting now would cut short the leaderboard flush that follows.
      if (state === 'stopping' || state === 'stopped') {
        logger.error({ err: error }, 'the simulation thread failed while stopping');
        return;
      }
      logger.fatal({ err: error }, 'the simulation thread failed; the game cannot go on without it');
      state = 'failed';
      reportFailure(error);
    },
  };
  let state: ServerState = 'starting';
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 4096,
  });
  app.register(websocket, { options: { maxPayload: MAX_PAYLOAD_BYTES } });
  app.register(async (scope) => {
    registerWebSocketRoute(scope, {
      game: gateway,
      metrics,
      logger,
      allowedOrigins: config.allowedOrigins,
      maxConnections: config.maxConnections,
      now,
      heartbeatMs: deps.heartbeatMs ?? HEARTBEAT_MS,
      isOpen: () => state === 'running',
    });
    scope.get('/healthz', async (_req, reply) => {
      const saving = leaderboard.saving;
      const body = {
        status: state === 'running' ? 'ok' : state,
        players: figures.players,
        arenas: figures.arenas,
        tick: figures.quantiles(),
        leaderboard: {
          pending: leaderboard.pendingCount,
          // What the client-agent's /status shows: can scores be saved now, and if not, why.
          saving: saving.saving,
          problem: saving.saving
            ? null
            : { code: saving.code, reason: saving.reason, since: new Date(saving.since).toISOString() },
          corruptFileMovedTo: leaderboard.corruptFileMovedTo ?? null,
        },
        storage: { ...lane.state, timeoutS },
      };
      return reply.code(state === 'running' ? 200 : 503).send(body);
    });
    scope.get('/metrics', async (_req, reply) => {
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    if (config.staticDir) registerStaticFiles(scope, config.staticDir, { lane, fs: volumeFs });
  });
  let refresh: NodeJS.Timeout | undefined;

  return {
    app,
    leaderboard,
    lane,
    failed,
    get state() {
      return state;
    },
    async start() {
      // A local run only; on the volume the client-agent creates the directory (see config.ts).
      if (config.leaderboardCreateDir && !deps.storage)
        await fileStorage
          .createDirectory()
          .catch((err: unknown) => logger.warn({ err }, 'could not create the leaderboard directory'));
      await leaderboard.load();
      await simulation.start(listener);
      await app.listen({ port: config.port, host: config.host });
      refresh = setInterval(() => void leaderboard.refresh(), LEADERBOARD_REFRESH_MS).unref();
      if (state === 'starting') state = 'running';
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : config.port;
    },
    async stop(graceMs) {
      if (state === 'stopping' || state === 'stopped') return;
      const simulationRan = state === 'running';
      state = 'stopping';
      const deadline = now() + graceMs;
      clearInterval(refresh);
      // Byes, closes and the unfinished rounds' scores all arrive before the simulation's
      // shutdown-done, so the scores are pending in the leaderboard when it is closed below.
      const finished = await simulation.stop(Math.min(SIMULATION_STOP_MS, graceMs / 4));
      if (simulationRan && !finished)
        logger.warn(
          'the simulation did not finish its shutdown in time; scores of unfinished rounds are lost',
        );
      // Persisting gets most of the grace period; closing sockets needs little.
      await leaderboard.close(deadline - Math.min(1000, graceMs / 4), now);
      await app.close();
      state = 'stopped';
    },
  };
}
