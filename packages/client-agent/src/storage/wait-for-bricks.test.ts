import { Writable } from 'node:stream';
import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import type { BrickConnection } from './brick-connections.js';
import { type BricksWait, logBricksWait, viewAfterWait, waitForBricks } from './wait-for-bricks.js';

function brick(host: string, connected: boolean, n: number): BrickConnection {
  return { name: `${host}:/gluster_volume/brick`, host, connected, client: `ranchervol-client-${n}` };
}

/**
 * A mount whose bricks connect at given virtual times (Infinity: never), and servers that answer
 * or not. Counts the reads and the probes of each server.
 */
function world(clock: ManualClock, connectsAt: Record<string, number>, answering: Record<string, boolean>) {
  const probes: string[] = [];
  let reads = 0;
  return {
    probes,
    reads: () => reads,
    read: async () => {
      reads++;
      return Object.entries(connectsAt).map(([host, at], n) => brick(host, clock.now() >= at, n));
    },
    serverAnswers: async (host: string) => {
      probes.push(host);
      return answering[host] ?? false;
    },
  };
}

describe('waitForBricks', () => {
  it('goes ahead at the first look when every brick is connected, without probing any server', async () => {
    const clock = new ManualClock();
    const w = world(clock, { gluster01: 0, gluster02: 0 }, {});
    const wait = waitForBricks({ ...w, maxWaitMs: 10_000, clock });
    await clock.advance(0);
    await expect(wait).resolves.toMatchObject({ outcome: 'connected', waitedMs: 0 });
    expect(w.probes).toEqual([]);
  });

  it('waits for a brick that connects a second after the first, as at a first start', async () => {
    const clock = new ManualClock();
    const w = world(clock, { gluster01: 0, gluster02: 1_000 }, { gluster02: true });
    const wait = waitForBricks({ ...w, maxWaitMs: 10_000, clock });
    await clock.advance(1_500);
    const result = await wait;
    expect(result.outcome).toBe('connected');
    expect(result.waitedMs).toBe(1_000);
    expect(result.bricks.every((b) => b.connected)).toBe(true);
  });

  it('makes the client try again after 500 ms for a brick whose server answers, instead of its 3 s timer', async () => {
    const clock = new ManualClock();
    let connectsAt = 3_000; // the client's own retry
    const w = world(clock, { gluster01: 0 }, { gluster02: true });
    const read = async () => [...(await w.read()), brick('gluster02', clock.now() >= connectsAt, 1)];
    const reconnects: number[] = [];
    const reconnect = async () => {
      reconnects.push(clock.now());
      connectsAt = Math.min(connectsAt, clock.now() + 50); // a fresh mount reaches the ready brick at once
    };
    const wait = waitForBricks({ ...w, read, reconnect, maxWaitMs: 10_000, clock });
    await clock.advance(1_000);
    await expect(wait).resolves.toMatchObject({ outcome: 'connected' });
    expect(reconnects).toEqual([500]);
  });

  it('does not wait for a brick whose server does not answer, once it stayed silent two looks in a row', async () => {
    const clock = new ManualClock();
    const w = world(clock, { gluster01: 0, gluster02: Number.POSITIVE_INFINITY }, { gluster02: false });
    const wait = waitForBricks({ ...w, maxWaitMs: 10_000, clock });
    await clock.advance(200);
    const result = await wait;
    expect(result).toMatchObject({ outcome: 'servers-down', waitedMs: 100 });
    expect(result.outcome !== 'connected' && result.missing.map((b) => b.host)).toEqual(['gluster02']);
    expect(w.probes).toEqual(['gluster02', 'gluster02']);
  });

  it('starts counting silent looks again when the server answers in between', async () => {
    const clock = new ManualClock();
    const answers = [false, true, false, false];
    const w = world(clock, { gluster01: 0, gluster02: Number.POSITIVE_INFINITY }, {});
    const wait = waitForBricks({
      read: w.read,
      serverAnswers: async () => answers.shift() ?? false,
      maxWaitMs: 10_000,
      clock,
    });
    await clock.advance(1_000);
    await expect(wait).resolves.toMatchObject({ outcome: 'servers-down', waitedMs: 300 });
  });

  it('waits the whole bound for a brick whose server answers but that does not connect, then goes ahead', async () => {
    const clock = new ManualClock();
    const w = world(clock, { gluster01: 0, gluster02: Number.POSITIVE_INFINITY }, { gluster02: true });
    const wait = waitForBricks({ ...w, maxWaitMs: 10_000, clock });
    await clock.advance(9_900);
    let settled = false;
    void wait.then(() => {
      settled = true;
    });
    await clock.advance(0);
    expect(settled).toBe(false);
    await clock.advance(200);
    const result = await wait;
    expect(result).toMatchObject({ outcome: 'gave-up', waitedMs: 10_000 });
    expect(result.outcome !== 'connected' && result.missing.map((b) => b.name)).toEqual([
      'gluster02:/gluster_volume/brick',
    ]);
    // One look every 100 ms: polled, no fixed sleep.
    expect(w.reads()).toBe(101);
  });

  it('gives up after the bound with the reason when the connections cannot be read', async () => {
    const clock = new ManualClock();
    const wait = waitForBricks({
      read: async () => {
        throw new Error('sh timed out after 2000 ms');
      },
      serverAnswers: async () => true,
      maxWaitMs: 1_000,
      clock,
    });
    await clock.advance(1_100);
    const result = await wait;
    expect(result).toMatchObject({ outcome: 'gave-up', bricks: [], missing: [] });
    expect(result.outcome !== 'connected' && result.error).toContain('timed out');
    expect(viewAfterWait(result)).toMatchObject({ state: 'unreadable' });
  });

  it('stops waiting when the agent is stopped', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const w = world(clock, { gluster01: 0, gluster02: Number.POSITIVE_INFINITY }, { gluster02: true });
    const wait = waitForBricks({ ...w, maxWaitMs: 10_000, clock, signal: controller.signal });
    const assertion = expect(wait).rejects.toThrow('stopping');
    await clock.advance(250);
    controller.abort(new Error('stopping'));
    await assertion;
  });
});

describe('logBricksWait', () => {
  function logged(wait: BricksWait): Array<{ level: string; msg: string }> {
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
    logBricksWait(wait, createLogger({ name: 'test', level: 'info', destination }), 'ranchervol');
    return lines;
  }

  it('says in one warn line which bricks it went ahead without and that the volume is not redundant', () => {
    const bricks = [brick('gluster01', true, 0), brick('gluster02', false, 1)];
    const missing = bricks.slice(1);
    expect(logged({ outcome: 'servers-down', bricks, missing, waitedMs: 100 })).toEqual([
      {
        level: 'warn',
        msg:
          'going ahead without brick gluster02:/gluster_volume/brick (its server does not answer): ranchervol is ' +
          'not redundant until the self-heal daemon has copied the data to it',
      },
    ]);
    expect(logged({ outcome: 'gave-up', bricks, missing, waitedMs: 10_000 })[0]?.msg).toContain(
      '(not connected after 10.0 s although its server answers)',
    );
  });

  it('says in one info line that every brick is connected', () => {
    const bricks = [brick('gluster01', true, 0), brick('gluster02', true, 1)];
    expect(logged({ outcome: 'connected', bricks, waitedMs: 800 })).toEqual([
      {
        level: 'info',
        msg: 'every brick of ranchervol is connected (2, after 0.8 s): writing to every replica',
      },
    ]);
  });
});
