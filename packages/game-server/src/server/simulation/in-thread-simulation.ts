import { type LoopClock, realClock } from './game-loop.js';
import { ShutdownHandshake, type SimulationHost, type SimulationListener } from './host.js';
import type { SimulationSettings, ToSimulation } from './messages.js';
import { SimulationThread } from './simulation-thread.js';

export interface InThreadSimulationOptions {
  /** The loop's clock; a ManualClock lets a test step ticks by hand. Default: the real one. */
  readonly clock?: LoopClock;
  /** Wall clock (ms) for leaderboard timestamps and clock-based seeds. Default: Date.now. */
  readonly now?: () => number;
}

/**
 * The simulation in the caller's thread, for tests: the clock is injectable, so a test steps
 * ticks by hand. Messages are delivered in microtasks, in order, so both sides see the same
 * asynchrony as with a worker (and a frame batch is written after the tick, not inside it).
 */
export class InThreadSimulation implements SimulationHost {
  private thread: SimulationThread | undefined;
  private readonly handshake = new ShutdownHandshake();

  private readonly clock: LoopClock;
  private readonly now: () => number;

  constructor(
    private readonly settings: SimulationSettings,
    options: InThreadSimulationOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.now = options.now ?? Date.now;
  }

  async start(listener: SimulationListener): Promise<void> {
    this.thread = new SimulationThread(
      this.settings,
      (message) => queueMicrotask(() => this.handshake.route(message, listener)),
      this.clock,
      this.now,
    );
    this.thread.start();
  }

  post(message: ToSimulation): void {
    const thread = this.thread;
    if (thread) queueMicrotask(() => thread.receive(message));
  }

  async stop(timeoutMs: number): Promise<boolean> {
    if (!this.thread) return true;
    this.post({ t: 'shutdown' });
    const done = await this.handshake.wait(timeoutMs);
    this.thread = undefined;
    return done;
  }
}
