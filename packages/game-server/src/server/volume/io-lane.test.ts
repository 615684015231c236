import { describe, expect, it } from 'vitest';
import { isGameError } from '../errors.js';
import { ManualClock } from '../simulation/manual-clock.js';
import { IoLane, type IoLaneEvents } from './io-lane.js';

/** A fake slow fs call: it answers only when the test says so. */
function deferred<T = string>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the promise callbacks that are already due run (no time passes). */
const settle = () => new Promise((r) => setImmediate(r));

function lane(size = 1, events?: IoLaneEvents) {
  const clock = new ManualClock();
  return {
    clock,
    lane: new IoLane({ size, timeoutMs: 10_000, timers: clock, now: () => clock.now(), events }),
  };
}

/** Records how a promise ended, without awaiting it. */
function outcome<T>(p: Promise<T>) {
  const seen: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then(
    (value) => Object.assign(seen, { value, done: true }),
    (error: unknown) => Object.assign(seen, { error, done: true }),
  );
  return seen;
}

describe('IoLane', () => {
  it('runs at most its size of calls at once and the rest in order as slots free up', async () => {
    const { lane: l } = lane(2);
    const calls = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = calls.map((d, i) =>
      outcome(
        l.run(`call ${i}`, () => {
          started.push(i);
          return d.promise;
        }),
      ),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect(l.state).toEqual({ inFlight: 2, queued: 1, stuck: 0 });
    calls[1]?.resolve('one');
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(results[1]).toEqual({ value: 'one', done: true });
    calls[0]?.resolve('zero');
    calls[2]?.resolve('two');
    await settle();
    expect(results.map((r) => r.value)).toEqual(['zero', 'one', 'two']);
    expect(l.state).toEqual({ inFlight: 0, queued: 0, stuck: 0 });
  });

  it('passes results and fs errors through unchanged, errno code included', async () => {
    const { lane: l } = lane();
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    await expect(l.run('stat x', async () => 42)).resolves.toBe(42);
    await expect(
      l.run('stat y', async () => {
        throw enoent;
      }),
    ).rejects.toBe(enoent);
    await expect(
      l.run('stat z', () => {
        throw enoent;
      }),
    ).rejects.toBe(enoent);
  });

  it('fails a call at its deadline while the call keeps its slot, and refuses the next at once', async () => {
    const stuckSeen: string[] = [];
    const returned: Array<[string, number, number]> = [];
    const { clock, lane: l } = lane(1, {
      stuck: (what) => stuckSeen.push(what),
      returned: (what, stuck, ms) => returned.push([what, stuck, ms]),
    });
    const hung = deferred();
    const first = outcome(l.run('read /mnt/vol/leaderboard.json', () => hung.promise));
    await settle();
    clock.advance(9_999);
    await settle();
    expect(first.done).toBe(false);
    clock.advance(1);
    await settle();
    expect(isGameError(first.error, 'GAME_ERR_STORAGE_HUNG')).toBe(true);
    expect((first.error as Error).message).toContain('read /mnt/vol/leaderboard.json');
    expect(stuckSeen).toEqual(['read /mnt/vol/leaderboard.json']);
    expect(l.state).toEqual({ inFlight: 1, queued: 0, stuck: 1 });

    // Further calls never reach the file system while the mount is stuck.
    let reached = false;
    const second = outcome(
      l.run('write /mnt/vol/leaderboard.json', async () => {
        reached = true;
      }),
    );
    await settle();
    expect(isGameError(second.error, 'GAME_ERR_STORAGE_HUNG')).toBe(true);
    expect((second.error as Error).message).toMatch(/refused at once/);
    expect(reached).toBe(false);

    // The stuck call returns at last (the mount was lazily unmounted): the lane is free again.
    clock.advance(5_000);
    hung.reject(Object.assign(new Error('ENOTCONN'), { code: 'ENOTCONN' }));
    await settle();
    expect(returned).toEqual([['read /mnt/vol/leaderboard.json', 0, 15_000]]);
    expect(l.state).toEqual({ inFlight: 0, queued: 0, stuck: 0 });
    await expect(l.run('stat /mnt/vol', async () => 'ok')).resolves.toBe('ok');
  });

  it('fails the calls waiting behind a call that goes stuck, without starting them', async () => {
    const { clock, lane: l } = lane();
    const hung = deferred();
    void l.run('first', () => hung.promise).catch(() => undefined);
    let started = false;
    const waiting = outcome(
      l.run('second', async () => {
        started = true;
      }),
    );
    clock.advance(10_000);
    await settle();
    expect(isGameError(waiting.error, 'GAME_ERR_STORAGE_HUNG')).toBe(true);
    hung.resolve('late');
    await settle();
    expect(started).toBe(false);
    expect(l.state.inFlight).toBe(0);
  });

  it('aborts the signal at the deadline, so a sequence of calls stops before its next step', async () => {
    const { clock, lane: l } = lane();
    const writeDone = deferred<void>();
    const steps: string[] = [];
    const run = outcome(
      l.run('write', async (signal) => {
        steps.push('write');
        await writeDone.promise;
        signal.throwIfAborted();
        steps.push('rename');
      }),
    );
    clock.advance(10_000);
    await settle();
    expect(isGameError(run.error, 'GAME_ERR_STORAGE_HUNG')).toBe(true);
    writeDone.resolve();
    await settle();
    expect(steps).toEqual(['write']);
  });
});
