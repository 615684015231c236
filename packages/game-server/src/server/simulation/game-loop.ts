/** The clock and timers the loop runs on; injected so tests step it by hand. */
export interface LoopClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: LoopClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Runs `onTick` at a fixed rate. Each tick is scheduled from the ideal start time, not from the
 * end of the last one, so the game keeps its speed; after a long stall it skips ahead instead of
 * running a burst of catch-up ticks.
 */
export class GameLoop {
  private handle: unknown;
  private next = 0;
  private running = false;

  constructor(
    private readonly hz: number,
    private readonly onTick: () => void,
    private readonly clock: LoopClock = realClock,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.next = this.clock.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.handle);
  }

  private schedule(): void {
    const period = 1000 / this.hz;
    this.next += period;
    const now = this.clock.now();
    if (now - this.next > period * 5) this.next = now + period;
    this.handle = this.clock.setTimeout(() => this.run(), Math.max(0, this.next - now));
  }

  private run(): void {
    if (!this.running) return;
    this.onTick();
    this.schedule();
  }
}
