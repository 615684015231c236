import { execFileSync, spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { closeSync, constants, openSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { isGameError } from '../../src/server/errors.js';
import { parseBoard, serializeBoard } from '../../src/server/leaderboard/board.js';
import { FileStorage } from '../../src/server/leaderboard/file-storage.js';
import { LeaderboardService } from '../../src/server/leaderboard/service.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { realTimers } from '../../src/server/timers.js';
import { IoLane } from '../../src/server/volume/io-lane.js';
import type { VolumeFs } from '../../src/server/volume/volume-fs.js';
import type { LeaderboardEntry } from '../../src/shared/protocol/server-messages.js';
import { waitFor } from './harness.js';

const entry = (name: string, score: number): LeaderboardEntry => ({ name, score, kills: 0, at: score });

async function volumeDir(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'lb-hung-')), 'asteroids');
  await mkdir(dir);
  return dir;
}

/**
 * A FIFO nobody writes to: opening it for reading blocks inside a libuv thread until a writer
 * comes, exactly like a call on a hung FUSE mount. Released by opening it for writing without
 * blocking (this fails, harmlessly, when no reader waits).
 */
const fifos: string[] = [];
function hungFile(path: string): string {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
  return path;
}
function release(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // No reader is waiting.
  }
}
afterEach(() => {
  for (const f of fifos.splice(0)) release(f);
});

/** Rejects if `work` has not settled within `ms`: the thread pool would be exhausted. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

function service(storage: FileStorage) {
  return new LeaderboardService({
    storage,
    logger: createLogger('silent'),
    metrics: createMetrics(false),
    timers: realTimers,
    flushDelayMs: 10,
    maxBackoffMs: 100,
  });
}

/** The real fs, except that fsync of a temp file waits until `finish()`. */
function hangingSync() {
  let finish!: () => void;
  const answered = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const fs: VolumeFs = {
    ...fsp,
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      if (!String(args[0]).endsWith('.tmp')) return handle;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === 'sync') return () => answered.then(() => target.sync());
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as typeof fsp.open,
  };
  return { fs, finish };
}

describe('a hung volume', () => {
  it('times calls out within the deadline and leaves the thread pool to dns.lookup and other files', async () => {
    const dir = await volumeDir();
    const path = hungFile(join(dir, 'leaderboard.json'));
    await writeFile(join(dir, 'elsewhere.txt'), 'local');
    const lane = new IoLane({ size: 1, timeoutMs: 300, timers: realTimers });
    const storage = new FileStorage(path, { lane });
    const started = Date.now();
    // More reads than libuv has threads (4): without the lane they would take every one.
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        storage.read().then(
          () => 'answered',
          (e: unknown) => e,
        ),
      ),
    );
    const elapsed = Date.now() - started;
    for (const r of results) expect(isGameError(r, 'GAME_ERR_STORAGE_HUNG')).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
    expect(lane.state).toEqual({ inFlight: 1, queued: 0, stuck: 1 });

    // The stuck call holds one thread; the rest still resolve names and read other files.
    expect((await within(2000, 'dns.lookup', lookup('localhost'))).address).toMatch(/^(127\.|::1)/);
    await within(2000, 'stat outside the lane', stat(tmpdir()));
    expect(
      await within(2000, 'readFile outside the lane', readFile(join(dir, 'elsewhere.txt'), 'utf8')),
    ).toBe('local');
    // While stuck, calls fail at once instead of queueing behind it.
    const refusedAt = Date.now();
    await expect(storage.read()).rejects.toSatisfy((e) => isGameError(e, 'GAME_ERR_STORAGE_HUNG'));
    expect(Date.now() - refusedAt).toBeLessThan(100);

    release(path);
    await waitFor('the stuck call to return', () => lane.state.stuck === 0 && lane.state.inFlight === 0);
  });

  it('fails a write whose fsync never answers at the deadline, refuses the next at once, and never renames late', async () => {
    const dir = await volumeDir();
    const path = join(dir, 'leaderboard.json');
    await writeFile(path, serializeBoard([entry('old', 5)]));
    const { fs, finish } = hangingSync();
    const lane = new IoLane({ size: 1, timeoutMs: 300, timers: realTimers });
    // A short stale time: the lock this write held cannot be removed while the lane is stuck.
    const lb = service(new FileStorage(path, { lane, fs, staleMs: 2000 }));
    lb.submit([entry('new', 50)]);
    let t = Date.now();
    expect(await lb.flush()).toBe(false);
    expect(Date.now() - t).toBeLessThan(1500);
    expect(lb.saving).toMatchObject({ saving: false, code: 'GAME_ERR_STORAGE_HUNG' });
    expect(lb.reply()).toMatchObject({ saving: false, why: 'offline' });
    t = Date.now();
    expect(await lb.flush()).toBe(false);
    expect(Date.now() - t).toBeLessThan(100);

    // The fsync answers at last: the abandoned write removes its temp file and does not rename.
    finish();
    await waitFor('the stuck write to return', () => lane.state.inFlight === 0);
    expect(parseBoard(await readFile(path, 'utf8'))).toEqual([entry('old', 5)]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // Saving resumes by itself once the lock it left behind is stale.
    await waitFor('the kept score to be written', () => lb.pendingCount === 0, 10_000);
    expect(parseBoard(await readFile(path, 'utf8')).map((e) => e.name)).toEqual(['new', 'old']);
    expect(lb.saving).toEqual({ saving: true });
  });

  it('stops waiting for a hung flush at the shutdown deadline', async () => {
    const dir = await volumeDir();
    const { fs, finish } = hangingSync();
    // The storage deadline (10 s) is longer than the shutdown's.
    const lb = service(new FileStorage(join(dir, 'leaderboard.json'), { fs }));
    lb.submit([entry('late', 1)]);
    const t = Date.now();
    expect(await lb.close(Date.now() + 300)).toBe(false);
    expect(Date.now() - t).toBeLessThan(1000);
    expect(lb.pendingCount).toBe(1);
    finish();
  });
});

const EXIT_FIXTURE = fileURLToPath(new URL('../fixtures/exit-while-stuck.ts', import.meta.url));

describe('exiting while a call on the volume is stuck', () => {
  async function runFixture(mode: 'stuck' | 'idle') {
    const dir = await volumeDir();
    const script = join(dir, '..', 'exit.mjs');
    await build({
      entryPoints: [EXIT_FIXTURE],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    const fifo = hungFile(join(dir, 'leaderboard.json'));
    const child = spawn(process.execPath, [script, fifo, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const started = Date.now();
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { ...ended, ms: Date.now() - started, out };
  }

  it('ends the process at once (SIGKILL, with a log line) where a plain exit would wait forever', async () => {
    const run = await runFixture('stuck');
    expect(run.signal).toBe('SIGKILL');
    expect(run.ms).toBeLessThan(5000);
    expect(run.out).toContain('a call on the volume has not returned; exiting with SIGKILL');
  });

  it('exits normally with its code when no call is out', async () => {
    const run = await runFixture('idle');
    expect(run).toMatchObject({ code: 3, signal: null });
  });
});
