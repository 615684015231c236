import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { DeadlineError, pollUntil } from './poll-until.js';

describe('pollUntil', () => {
  it('returns the value as soon as the condition holds, polling at the interval', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const result = pollUntil(async () => (++calls >= 3 ? { done: true, value: 'up' } : { done: false }), {
      what: 'x',
      intervalMs: 100,
      timeoutMs: 10_000,
      clock,
    });
    await clock.advance(250);
    await expect(result).resolves.toBe('up');
    expect(calls).toBe(3);
  });

  it('fails with a DeadlineError naming what it waited for and what it saw last', async () => {
    const clock = new ManualClock();
    const result = pollUntil(async () => ({ done: false, seen: 'Connection failed' }), {
      what: 'glusterd to answer',
      intervalMs: 500,
      timeoutMs: 2_000,
      clock,
    });
    const assertion = expect(result).rejects.toThrow(
      new DeadlineError('glusterd to answer', 2_000, 'Connection failed').message,
    );
    await clock.advance(2_500);
    await assertion;
  });

  it('treats an exception from the check as "not yet" and reports its message', async () => {
    const clock = new ManualClock();
    const result = pollUntil(
      async () => {
        throw new Error('ECONNREFUSED');
      },
      { what: 'port', intervalMs: 100, timeoutMs: 300, clock },
    );
    const assertion = expect(result).rejects.toThrow(/last seen: ECONNREFUSED/);
    await clock.advance(400);
    await assertion;
  });

  it('stops waiting when its signal aborts', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const result = pollUntil(async () => ({ done: false }), {
      what: 'x',
      intervalMs: 100,
      timeoutMs: 10_000,
      clock,
      signal: controller.signal,
    });
    const assertion = expect(result).rejects.toThrow();
    await clock.advance(50);
    controller.abort(new Error('stopping'));
    await assertion;
    expect(clock.pendingSleeps()).toBe(0);
  });
});
