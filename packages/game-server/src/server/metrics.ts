import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, in their own registry so tests can create several servers. */
export interface GameMetrics {
  readonly registry: Registry;
  readonly players: Gauge;
  readonly arenas: Gauge;
  readonly tickDuration: Histogram;
  readonly sendDuration: Histogram;
  readonly messagesIn: Counter<'result'>;
  readonly messagesOut: Counter;
  readonly bytesIn: Counter;
  readonly bytesOut: Counter;
  readonly connectionsClosed: Counter<'reason'>;
  /** Open WebSocket connections, against GAME_MAX_CONNECTIONS. */
  readonly connections: Gauge;
  readonly connectionsRefused: Counter<'reason'>;
  readonly sendsSkipped: Counter<'kind'>;
  /** Read at each scrape from the source the /ws route gives `measureSendBacklog`. */
  readonly sendBacklog: Gauge;
  measureSendBacklog(source: () => number): void;
  readonly leaderboardPending: Gauge;
  readonly leaderboardFailures: Counter<'code'>;
  readonly leaderboardSaving: Gauge;
  readonly leaderboardLastFailure: Gauge<'code'>;
  readonly leaderboardFolded: Counter;
  readonly storageStuck: Gauge;
  readonly storageTimeouts: Counter;
}

/** Seconds; the 50 ms period of a 20 Hz tick is the budget both durations are judged against. */
const TICK_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

export function createMetrics(withDefaults = true): GameMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const r = [registry];
  let backlogSource = () => 0;
  return {
    registry,
    players: new Gauge({ name: 'game_players', help: 'Players currently in an arena', registers: r }),
    arenas: new Gauge({ name: 'game_arenas', help: 'Open arenas', registers: r }),
    tickDuration: new Histogram({
      name: 'game_tick_duration_seconds',
      help: 'Simulation thread: time to step all arenas, encode their snapshots and hand them over, per tick',
      buckets: TICK_BUCKETS,
      registers: r,
    }),
    sendDuration: new Histogram({
      name: 'game_send_duration_seconds',
      help: "Main thread: time to write one tick's snapshots to the sockets",
      buckets: TICK_BUCKETS,
      registers: r,
    }),
    messagesIn: new Counter({
      name: 'game_messages_in_total',
      help: 'Client messages received, by result (ok, invalid, dropped)',
      labelNames: ['result'],
      registers: r,
    }),
    messagesOut: new Counter({ name: 'game_messages_out_total', help: 'Messages sent', registers: r }),
    bytesIn: new Counter({ name: 'game_bytes_in_total', help: 'Bytes received from clients', registers: r }),
    bytesOut: new Counter({ name: 'game_bytes_out_total', help: 'Bytes sent to clients', registers: r }),
    connectionsClosed: new Counter({
      name: 'game_connections_closed_total',
      help: 'Connections closed after they were admitted, by reason (peer, abuse, backlog, idle, ...)',
      labelNames: ['reason'],
      registers: r,
    }),
    connections: new Gauge({
      name: 'game_connections',
      help: 'Open WebSocket connections (at most GAME_MAX_CONNECTIONS)',
      registers: r,
    }),
    connectionsRefused: new Counter({
      name: 'game_connections_refused_total',
      help: 'WebSocket connections refused before they were admitted, by reason (full, origin, unavailable)',
      labelNames: ['reason'],
      registers: r,
    }),
    sendsSkipped: new Counter({
      name: 'game_sends_skipped_total',
      help: "Messages not sent because the client's send backlog was over 256 KiB, by kind (snapshot, reply)",
      labelNames: ['kind'],
      registers: r,
    }),
    sendBacklog: new Gauge({
      name: 'game_send_backlog_bytes',
      help: 'Bytes queued in this process for all clients, not yet taken by the kernel',
      registers: r,
      collect() {
        this.set(backlogSource());
      },
    }),
    measureSendBacklog(source) {
      backlogSource = source;
    },
    leaderboardPending: new Gauge({
      name: 'game_leaderboard_pending_entries',
      help: 'Scores waiting to be written to the leaderboard file',
      registers: r,
    }),
    leaderboardFailures: new Counter({
      name: 'game_leaderboard_failures_total',
      help: 'Leaderboard read/write failures, by error code',
      labelNames: ['code'],
      registers: r,
    }),
    leaderboardSaving: new Gauge({
      name: 'game_leaderboard_saving',
      help: 'The last leaderboard storage call worked (1), or scores cannot be saved now (0)',
      registers: r,
    }),
    leaderboardLastFailure: new Gauge({
      name: 'game_leaderboard_last_failure',
      help: 'Set to 1 for the error code of the most recent leaderboard storage failure (kept after recovery)',
      labelNames: ['code'],
      registers: r,
    }),
    leaderboardFolded: new Counter({
      name: 'game_leaderboard_pending_folded_total',
      help: 'Pending scores dropped because 100 other pending scores beat them (they could never reach the board)',
      registers: r,
    }),
    storageStuck: new Gauge({
      name: 'game_storage_stuck_calls',
      help: 'Calls on the volume past their deadline that have not returned (each holds a libuv thread)',
      registers: r,
    }),
    storageTimeouts: new Counter({
      name: 'game_storage_timeouts_total',
      help: 'Calls on the volume that passed GAME_STORAGE_TIMEOUT_S',
      registers: r,
    }),
  };
}
