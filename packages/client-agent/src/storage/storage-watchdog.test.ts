import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { type StorageState, StorageWatchdog } from './storage-watchdog.js';

const logger = createLogger({ name: 'test', level: 'silent' });

function harness(checkResults: Array<'ok' | Error>) {
  const clock = new ManualClock();
  const events: string[] = [];
  const states: StorageState[] = [];
  let remountRelease: (() => void) | undefined;
  const watchdog = new StorageWatchdog({
    mountPoint: '/mnt/ranchervol',
    logger,
    intervalMs: 1_000,
    checkTimeoutMs: 500,
    clock,
    run: async () => ({
      command: '',
      args: [],
      exitCode: 0,
      signal: undefined,
      stdout: '',
      stderr: '',
      durationMs: 0,
    }),
    check: async () => {
      const next = checkResults.shift() ?? 'ok';
      events.push(next === 'ok' ? 'check ok' : `check failed: ${next.message}`);
      if (next !== 'ok') throw next;
    },
    remount: () =>
      new Promise<void>((resolve) => {
        events.push('remount');
        remountRelease = resolve;
      }),
    onDown: async () => {
      events.push('503 on');
    },
    onUp: async () => {
      events.push('503 off');
    },
  });
  watchdog.on('state', (state) => states.push(state));
  return { clock, events, states, watchdog, finishRemount: () => remountRelease?.() };
}

describe('StorageWatchdog', () => {
  it('does nothing but check while the mount answers', async () => {
    const { clock, events, watchdog } = harness(['ok', 'ok']);
    watchdog.start();
    await clock.advance(2_000);
    expect(events).toEqual(['check ok', 'check ok']);
    expect(watchdog.state).toBe('mounted');
    await watchdog.stop();
  });

  it('switches nginx to 503 before remounting, and back once the mount is restored', async () => {
    const { clock, events, states, watchdog, finishRemount } = harness([
      new Error('Transport endpoint is not connected'),
    ]);
    watchdog.start();
    await clock.advance(1_000);
    expect(events).toEqual(['check failed: Transport endpoint is not connected', '503 on', 'remount']);
    expect(watchdog.state).toBe('remounting');
    finishRemount();
    await clock.advance(0);
    expect(events.slice(3)).toEqual(['503 off']);
    expect(states).toEqual(['down', 'remounting', 'mounted']);
    expect(watchdog.remounts).toBe(1);
    await clock.advance(1_000);
    expect(events.at(-1)).toBe('check ok');
    await watchdog.stop();
  });
});
