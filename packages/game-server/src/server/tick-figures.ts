import type { GameMetrics } from './metrics.js';
import type { TickReport } from './simulation/messages.js';
import { TickStats } from './tick-stats.js';

/** The tick figures of /healthz, in milliseconds. */
export interface TickQuantiles {
  /** The simulation thread's tick: step all arenas, encode, hand the frames over. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The main thread's socket writes of one tick's frames. */
  readonly sendP50Ms: number;
  readonly sendP99Ms: number;
}

/**
 * What the main thread knows of the game's load: the simulation's tick reports, the time it
 * takes itself to write each tick's frames, and the players and arenas of the last tick. Feeds
 * /healthz (exact quantiles over a window) and the Prometheus histograms and gauges.
 */
export class TickFigures {
  players = 0;
  arenas = 0;
  private readonly tick: TickStats;
  private readonly send: TickStats;

  /** `windowTicks`: how many of the latest ticks the quantiles cover. */
  constructor(
    windowTicks: number,
    private readonly metrics: GameMetrics,
  ) {
    this.tick = new TickStats(windowTicks);
    this.send = new TickStats(windowTicks);
  }

  recordTick(report: TickReport): void {
    this.tick.record(report.ms);
    this.metrics.tickDuration.observe(report.ms / 1000);
    this.players = report.players;
    this.arenas = report.arenas;
    this.metrics.players.set(report.players);
    this.metrics.arenas.set(report.arenas);
  }

  /** Runs `write` (one tick's socket writes) and records how long it took. */
  timeSend(write: () => void): void {
    const t0 = performance.now();
    write();
    const ms = performance.now() - t0;
    this.send.record(ms);
    this.metrics.sendDuration.observe(ms / 1000);
  }

  quantiles(): TickQuantiles {
    return {
      p50Ms: this.tick.quantile(0.5),
      p99Ms: this.tick.quantile(0.99),
      sendP50Ms: this.send.quantile(0.5),
      sendP99Ms: this.send.quantile(0.99),
    };
  }
}
