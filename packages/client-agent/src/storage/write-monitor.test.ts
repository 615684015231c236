import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import type { WriteCheck } from './write-check.js';
import { WriteMonitor } from './write-monitor.js';

const full: WriteCheck = { writable: false, problem: 'full', detail: 'No space left on device' };

function harness(answers: WriteCheck[], mounted = () => true) {
  const clock = new ManualClock();
  const lines: Array<{ level: string; msg: string }> = [];
  const logger = createLogger({ name: 'test', level: 'info' });
  for (const level of ['info', 'warn', 'error'] as const) {
    logger[level] = ((_: unknown, msg: string) => lines.push({ level, msg })) as never;
  }
  let checks = 0;
  const monitor = new WriteMonitor({
    check: async () => {
      checks++;
      return answers.shift() ?? { writable: true };
    },
    mounted: async () => mounted(),
    intervalMs: 10_000,
    logger,
    clock,
  });
  return { monitor, clock, lines, checks: () => checks };
}

describe('WriteMonitor', () => {
  it('is unknown before the first check, then keeps what the last check said', async () => {
    const { monitor } = harness([{ writable: true }, full]);
    expect(monitor.state).toEqual({ state: 'unknown' });
    expect(monitor.writable).toBe(false);
    await monitor.checkNow();
    expect(monitor.writable).toBe(true);
    await monitor.checkNow();
    expect(monitor.state).toMatchObject({ state: 'not-writable', problem: 'full' });
    expect(monitor.notices()[0]).toMatch(/^not writable since .*: a brick is full/);
  });

  it('logs a problem once while it lasts, and once when writing works again', async () => {
    const { monitor, lines } = harness([{ writable: true }, full, full, full, { writable: true }]);
    for (let i = 0; i < 5; i++) await monitor.checkNow();
    expect(lines.map((line) => line.level)).toEqual(['error', 'info']);
    expect(lines[0]?.msg).toContain('full');
    expect(lines[1]?.msg).toContain('takes writes again');
  });

  it('never writes while the volume is not mounted: the check is skipped, the answer kept', async () => {
    let mounted = true;
    const { monitor, checks } = harness([{ writable: true }], () => mounted);
    await monitor.checkNow();
    mounted = false;
    await monitor.checkNow();
    await monitor.checkNow();
    expect(checks()).toBe(1);
    expect(monitor.writable).toBe(true);
  });

  it('checks on its interval once started, and stops', async () => {
    const { monitor, clock, checks } = harness([]);
    monitor.start();
    await clock.advance(10_000);
    await clock.advance(10_000);
    expect(checks()).toBe(2);
    await monitor.stop();
    await clock.advance(10_000);
    expect(checks()).toBe(2);
  });
});
