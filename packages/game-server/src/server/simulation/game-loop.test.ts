import { describe, expect, it } from 'vitest';
import { GameLoop, type LoopClock } from './game-loop.js';

/** A clock whose time only moves when the test says so. */
class ManualClock implements LoopClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

describe('GameLoop', () => {
  it('ticks at the configured rate', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const loop = new GameLoop(20, () => ticks++, clock);
    loop.start();
    clock.advance(1000);
    expect(ticks).toBe(20);
    loop.stop();
    clock.advance(1000);
    expect(ticks).toBe(20);
  });

  it('keeps its rate when ticks take time, instead of drifting', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const loop = new GameLoop(
      10,
      () => {
        ticks++;
        clock.t += 30; // each tick costs 30 ms of a 100 ms period
      },
      clock,
    );
    loop.start();
    clock.advance(2000);
    expect(ticks).toBeGreaterThanOrEqual(19);
    expect(ticks).toBeLessThanOrEqual(21);
    loop.stop();
  });
});
