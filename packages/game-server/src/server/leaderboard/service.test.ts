import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import { LEADERBOARD_SIZE, mergeBoards, parseBoard } from './board.js';
import { FileStorage, type LeaderboardStorage } from './file-storage.js';
import { LeaderboardService, type Timers } from './service.js';

/** Timers that record what was scheduled and fire only when the test says so. */
function recordingTimers(): Timers & { delays: number[]; fire(): void } {
  const delays: number[] = [];
  let due: Array<() => void> = [];
  return {
    delays,
    setTimeout: (fn, ms) => {
      delays.push(ms);
      due.push(fn);
      return due.length;
    },
    clearTimeout: () => undefined,
    fire: () => {
      const now = due;
      due = [];
      for (const fn of now) fn();
    },
  };
}

function service(storage: LeaderboardStorage, timers: Timers = recordingTimers()) {
  return new LeaderboardService({
    storage,
    timers,
    logger: createLogger('silent'),
    metrics: createMetrics(false),
  });
}

/** A leaderboard path in a fresh directory that exists, as the agent guarantees on the volume. */
async function tempFile(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'lb-')), 'shared');
  await mkdir(dir);
  return join(dir, 'leaderboard.json');
}

const entry = (name: string, score: number, at = 1): LeaderboardEntry => ({ name, score, kills: 0, at });

describe('mergeBoards', () => {
  it('keeps the best 100 entries, best first, with identical entries counted once', () => {
    const many = Array.from({ length: 150 }, (_, i) => entry(`p${i}`, i));
    const merged = mergeBoards(many, [entry('p149', 149)]);
    expect(merged).toHaveLength(LEADERBOARD_SIZE);
    expect(merged[0]).toEqual(entry('p149', 149));
    expect(merged.at(-1)?.score).toBe(50);
  });
});

describe('LeaderboardService', () => {
  it('merges two writers sharing one file so neither loses scores', async () => {
    const path = await tempFile();
    const a = service(new FileStorage(path));
    const b = service(new FileStorage(path));
    a.submit([entry('alice', 500), entry('ann', 10)]);
    b.submit([entry('bob', 700)]);
    const results = await Promise.all([a.flush(), b.flush()]);
    expect(results).toEqual([true, true]);
    const onDisk = parseBoard(await readFile(path, 'utf8'));
    expect(onDisk.map((e) => e.name)).toEqual(['bob', 'alice', 'ann']);
    // The writer that went first learns about the other on its next read.
    await a.refresh();
    expect(a.top().map((e) => e.name)).toEqual(['bob', 'alice', 'ann']);
  });

  it('keeps scores in memory and retries with backoff while the storage fails', async () => {
    const path = await tempFile();
    const real = new FileStorage(path);
    let failuresLeft = 2;
    const flaky: LeaderboardStorage = {
      read: () => real.read(),
      moveAside: (r) => real.moveAside(r),
      lock: () => real.lock(),
      removeStaleTemps: () => real.removeStaleTemps(),
      writeAtomic: async (text) => {
        if (failuresLeft-- > 0)
          throw Object.assign(new Error('EIO: transport endpoint is not connected'), { code: 'EIO' });
        return real.writeAtomic(text);
      },
    };
    const timers = recordingTimers();
    const lb = service(flaky, timers);
    lb.submit([entry('carol', 300)]);
    timers.fire();
    expect(await lb.flush()).toBe(false);
    timers.fire();
    expect(await lb.flush()).toBe(false);
    expect(lb.pendingCount).toBe(1);
    // First the batching delay, then a growing backoff for each failure.
    expect(timers.delays).toEqual([1000, 1000, 2000]);
    timers.fire();
    expect(await lb.flush()).toBe(true);
    expect(lb.pendingCount).toBe(0);
    expect(parseBoard(await readFile(path, 'utf8'))).toEqual([entry('carol', 300)]);
  });

  it('moves a corrupt file aside, reports it, and never overwrites it', async () => {
    const path = await tempFile();
    const storage = new FileStorage(path);
    await storage.writeAtomic('{"version":1,"entries":[{"name":');
    const lb = service(storage);
    await lb.load();
    expect(lb.corruptFileMovedTo).toMatch(/leaderboard\.json\.corrupt-/);
    const kept = await readFile(lb.corruptFileMovedTo ?? '', 'utf8');
    expect(kept).toBe('{"version":1,"entries":[{"name":');
    lb.submit([entry('dave', 1)]);
    expect(await lb.flush()).toBe(true);
    expect(parseBoard(await readFile(path, 'utf8'))).toEqual([entry('dave', 1)]);
    expect(await readFile(lb.corruptFileMovedTo ?? '', 'utf8')).toBe(kept);
  });

  it('leaves no temporary files behind after writing', async () => {
    const path = await tempFile();
    const lb = service(new FileStorage(path));
    lb.submit([entry('erin', 5)]);
    await lb.flush();
    const files = await readdir(join(path, '..'));
    expect(files).toEqual(['leaderboard.json']);
  });

  it('reports unsaved scores at shutdown when the storage never comes back', async () => {
    const broken: LeaderboardStorage = {
      read: async () => undefined,
      moveAside: async () => '',
      lock: async () => async () => undefined,
      removeStaleTemps: async () => [],
      writeAtomic: async () => {
        throw new Error('EIO');
      },
    };
    const lb = service(broken);
    lb.submit([entry('frank', 9)]);
    let t = 0;
    const saved = await lb.close(1000, () => (t += 400));
    expect(saved).toBe(false);
    expect(lb.pendingCount).toBe(1);
  });
});
