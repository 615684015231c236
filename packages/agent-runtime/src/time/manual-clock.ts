import type { Clock } from './clock.js';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A Clock that only moves when told to: unit tests advance it and every sleep due by then
 * resolves, so delays are tested without waiting on real time.
 */
export class ManualClock implements Clock {
  private current = 0;
  private sleepers: Sleeper[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper: Sleeper = { wakeAt: this.current + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, waking due sleepers in order and letting their work run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      // Let work already under way register its sleeps before looking for the next one due.
      await flushMicrotasks();
      const next = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!next) break;
      this.current = next.wakeAt;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Sleeps not yet due, for assertions. */
  pendingSleeps(): number {
    return this.sleepers.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
