import { describe, expect, it } from 'vitest';
import { GameLoop } from './game-loop.js';
import { ManualClock } from './manual-clock.js';

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
