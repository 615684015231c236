import { Writable } from 'node:stream';
import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import type { BrickConnection } from './brick-connections.js';
import { BrickMonitor, isRedundant, redundancyNotices } from './brick-monitor.js';

function brick(host: string, connected: boolean): BrickConnection {
  return { name: `${host}:/gluster_volume/brick`, host, connected, client: `v-client-${host.at(-1)}` };
}

const up = [brick('gluster01', true), brick('gluster02', true)];
const oneDown = [brick('gluster01', true), brick('gluster02', false)];

describe('redundancy of a view of the bricks', () => {
  it('is redundant only when at least one brick shows and all are connected', () => {
    expect(isRedundant({ state: 'read', bricks: up })).toBe(true);
    expect(isRedundant({ state: 'read', bricks: oneDown })).toBe(false);
    expect(isRedundant({ state: 'read', bricks: [] })).toBe(false);
    expect(isRedundant({ state: 'unknown' })).toBe(false);
    expect(isRedundant({ state: 'unreadable', error: 'timed out' })).toBe(false);
  });

  it('says "not redundant" naming the bricks that are not connected, and nothing before the first look', () => {
    expect(redundancyNotices({ state: 'read', bricks: up })).toEqual([]);
    expect(redundancyNotices({ state: 'unknown' })).toEqual([]);
    expect(redundancyNotices({ state: 'read', bricks: oneDown })).toEqual([
      'not redundant: brick gluster02:/gluster_volume/brick is not connected',
    ]);
    expect(
      redundancyNotices({
        state: 'read',
        bricks: [brick('g1', false), brick('g2', false), brick('g3', true)],
      }),
    ).toEqual([
      'not redundant: bricks g1:/gluster_volume/brick and g2:/gluster_volume/brick are not connected',
    ]);
    expect(redundancyNotices({ state: 'unreadable', error: 'sh timed out' })).toEqual([
      "not redundant: the mount's brick connections could not be read (sh timed out)",
    ]);
  });
});

describe('BrickMonitor', () => {
  it('keeps the last look, read on its interval, and logs each change of redundancy once', async () => {
    const clock = new ManualClock();
    const looks: Array<BrickConnection[] | Error> = [oneDown, oneDown, up, new Error('sh timed out')];
    const lines: Array<{ level: string; msg: string }> = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          const { level, msg } = JSON.parse(line) as { level: string; msg: string };
          lines.push({ level, msg });
        }
        done();
      },
    });
    let reads = 0;
    const monitor = new BrickMonitor({
      read: async () => {
        reads++;
        const next = looks.shift() ?? up;
        if (next instanceof Error) throw next;
        return next;
      },
      intervalMs: 2_000,
      logger: createLogger({ name: 'test', level: 'info', destination }),
      initial: { state: 'read', bricks: up },
      clock,
    });
    expect(monitor.redundant).toBe(true);
    monitor.start();
    await clock.advance(1_999);
    expect(reads).toBe(0);
    await clock.advance(1);
    expect(monitor.redundant).toBe(false);
    expect(monitor.notices()).toEqual([
      'not redundant: brick gluster02:/gluster_volume/brick is not connected',
    ]);
    expect(monitor.bricks).toEqual(oneDown);
    await clock.advance(2_000);
    await clock.advance(2_000);
    expect(monitor.redundant).toBe(true);
    await clock.advance(2_000);
    expect(monitor.view).toEqual({ state: 'unreadable', error: 'sh timed out' });
    expect(monitor.bricks).toEqual([]);
    await monitor.stop();
    expect(lines).toEqual([
      { level: 'warn', msg: 'not redundant: brick gluster02:/gluster_volume/brick is not connected' },
      { level: 'info', msg: 'the mount is connected to all 2 bricks: the volume is redundant again' },
      { level: 'warn', msg: "not redundant: the mount's brick connections could not be read (sh timed out)" },
    ]);
  });
});
