import * as fsp from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GameError, isGameError } from '../../src/server/errors.js';
import { parseBoard, serializeBoard } from '../../src/server/leaderboard/board.js';
import { FileStorage } from '../../src/server/leaderboard/file-storage.js';
import { LeaderboardService } from '../../src/server/leaderboard/service.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { realTimers } from '../../src/server/timers.js';
import type { VolumeFs } from '../../src/server/volume/volume-fs.js';
import type { LeaderboardEntry } from '../../src/shared/protocol/server-messages.js';
import { waitFor } from './harness.js';

const entry = (name: string, score: number): LeaderboardEntry => ({ name, score, kills: 0, at: score });
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** A container's mount point: `mnt/` exists (on the container's disk), `mnt/asteroids/` only while mounted. */
async function mountPoint() {
  const root = await mkdtemp(join(tmpdir(), 'lb-mount-'));
  const mnt = join(root, 'mnt');
  await mkdir(mnt);
  const dir = join(mnt, 'asteroids');
  return { mnt, dir, path: join(dir, 'leaderboard.json'), mount: () => mkdir(dir) };
}

/** A service on the real clock that retries fast, so "saved by itself" takes a moment. */
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

/** The real fs, except that one step of writing the temp file fails with `err`. */
function failingAt(step: 'writeFile' | 'sync' | 'close' | 'rename', err: Error): VolumeFs {
  const isTemp = (p: unknown) => String(p).endsWith('.tmp');
  return {
    ...fsp,
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      if (!isTemp(args[0]) || step === 'rename') return handle;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === step)
            return async () => {
              // A failing close still closes the descriptor, as close(2) does.
              if (step === 'close') await target.close();
              throw err;
            };
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as typeof fsp.open,
    rename: (async (from, to) => {
      if (step === 'rename' && isTemp(from)) throw err;
      return fsp.rename(from, to);
    }) as typeof fsp.rename,
  };
}

describe('the leaderboard while the volume is not mounted', () => {
  it('creates nothing under the mount point, keeps the scores, and writes them once the directory is back', async () => {
    const { mnt, dir, path, mount } = await mountPoint();
    let lockAttempts = 0;
    const counting: VolumeFs = {
      ...fsp,
      mkdir: ((...args: Parameters<typeof fsp.mkdir>) => {
        if (String(args[0]).endsWith('.lock')) lockAttempts += 1;
        return fsp.mkdir(...args);
      }) as typeof fsp.mkdir,
    };
    const lb = service(new FileStorage(path, { fs: counting }));
    await lb.load();
    lb.submit([entry('ann', 30), entry('bob', 20)]);
    expect(await lb.flush()).toBe(false);
    expect(lb.saving).toMatchObject({ saving: false, code: 'GAME_ERR_LEADERBOARD_UNMOUNTED' });
    if (!lb.saving.saving)
      expect(lb.saving.reason).toContain(`the leaderboard directory ${dir} does not exist`);
    // Retries keep failing the same way, and none of them writes to the container's disk.
    const before = lockAttempts;
    await waitFor('three more retries', () => lockAttempts >= before + 3, 5_000);
    expect(await readdir(mnt)).toEqual([]);
    expect(lb.pendingCount).toBe(2);

    await mount();
    await waitFor('the kept scores to be written', () => lb.pendingCount === 0, 5_000);
    expect(lb.saving).toEqual({ saving: true });
    expect(parseBoard(await readFile(path, 'utf8')).map((e) => e.name)).toEqual(['ann', 'bob']);
    expect(await readdir(dir)).toEqual(['leaderboard.json']);
  });

  it('creates the directory for a local run only when asked to, once', async () => {
    const { dir, path } = await mountPoint();
    const storage = new FileStorage(path);
    await storage.createDirectory();
    const lb = service(storage);
    lb.submit([entry('cy', 1)]);
    expect(await lb.flush()).toBe(true);
    expect(await readdir(dir)).toEqual(['leaderboard.json']);
  });
});

describe('temp files', () => {
  it.each([
    ['writeFile', 'ENOSPC', 'GAME_ERR_LEADERBOARD_FULL'],
    ['sync', 'EIO', 'GAME_ERR_LEADERBOARD_WRITE'],
    ['close', 'EDQUOT', 'GAME_ERR_LEADERBOARD_FULL'],
    ['rename', 'EROFS', 'GAME_ERR_LEADERBOARD_READ_ONLY'],
  ] as const)(
    'a failed %s (%s) leaves no temp file and the old board in place',
    async (step, code, expected) => {
      const { dir, path, mount } = await mountPoint();
      await mount();
      await writeFile(path, serializeBoard([entry('old', 5)]));
      const lb = service(new FileStorage(path, { fs: failingAt(step, errno(code)) }));
      lb.submit([entry('new', 50)]);
      expect(await lb.flush()).toBe(false);
      expect(lb.saving).toMatchObject({ saving: false, code: expected });
      expect(await readdir(dir)).toEqual(['leaderboard.json']);
      expect(parseBoard(await readFile(path, 'utf8'))).toEqual([entry('old', 5)]);
    },
  );

  it('removes, under the lock, the temp files a killed writer left, and keeps fresh ones', async () => {
    const { dir, path, mount } = await mountPoint();
    await mount();
    const old = join(dir, '.leaderboard.json.4242.0badc0de.tmp');
    const fresh = join(dir, '.leaderboard.json.4243.0000beef.tmp');
    const unrelated = join(dir, '.other.json.4242.0badc0de.tmp');
    for (const f of [old, fresh, unrelated]) await writeFile(f, '{"version":1,"entries":[');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    for (const f of [old, unrelated]) await utimes(f, tenMinutesAgo, tenMinutesAgo);

    // While another writer holds the lock, nothing is swept.
    const other = new FileStorage(path);
    const releaseOther = await other.lock();
    await service(new FileStorage(path, { lockTimeoutMs: 300 })).load();
    expect((await readdir(dir)).sort()).toContain('.leaderboard.json.4242.0badc0de.tmp');
    await releaseOther();

    await service(new FileStorage(path)).load();
    expect((await readdir(dir)).sort()).toEqual([
      '.leaderboard.json.4243.0000beef.tmp',
      '.other.json.4242.0badc0de.tmp',
    ]);
  });
});

describe('a lock lost while held', () => {
  it.each([
    ['its .lock directory is deleted', 'delete'],
    ['its refresh keeps failing', 'refresh'],
  ] as const)(
    'is logged and abandons the write when %s, without crashing the process',
    async (_how, fault) => {
      const { path, mount } = await mountPoint();
      await mount();
      await writeFile(path, serializeBoard([entry('old', 5)]));
      const lockDir = `${path}.lock`;
      let refreshFails = false;
      const lost: Error[] = [];
      const storage = new FileStorage(path, {
        fs: {
          ...fsp,
          utimes: (async (p, a, m) => {
            if (refreshFails && String(p) === lockDir) throw errno('EIO');
            return fsp.utimes(p, a, m);
          }) as typeof fsp.utimes,
        },
        // proper-lockfile's minimum; it refreshes the lock every second.
        staleMs: 2000,
        onLockCompromised: (err) => lost.push(err),
      });
      const release = await storage.lock();
      if (fault === 'delete') await rm(lockDir, { recursive: true });
      else refreshFails = true;
      await waitFor('the lock to be reported lost', () => lost.length > 0, 8_000);
      expect((lost[0] as NodeJS.ErrnoException).code).toBe('ECOMPROMISED');

      const write = storage.writeAtomic(serializeBoard([entry('late', 9)]));
      await expect(write).rejects.toSatisfy((e) => isGameError(e, 'GAME_ERR_LEADERBOARD_LOCK_LOST'));
      expect(parseBoard(await readFile(path, 'utf8'))).toEqual([entry('old', 5)]);
      await release().catch(() => undefined);

      // The next write takes a fresh lock and goes through.
      refreshFails = false;
      await rm(lockDir, { recursive: true, force: true });
      const lb = service(new FileStorage(path));
      lb.submit([entry('new', 50)]);
      expect(await lb.flush()).toBe(true);
      expect(parseBoard(await readFile(path, 'utf8')).map((e) => e.name)).toEqual(['new', 'old']);
    },
  );

  it('never lets a throwing report hook escape into proper-lockfile timer', async () => {
    const { path, mount } = await mountPoint();
    await mount();
    let reported = false;
    const storage = new FileStorage(path, {
      staleMs: 2000,
      onLockCompromised: () => {
        reported = true;
        throw new GameError('GAME_ERR_LEADERBOARD_LOCK_LOST', 'a careless hook');
      },
    });
    const release = await storage.lock();
    await rm(`${path}.lock`, { recursive: true });
    await waitFor('the hook to run', () => reported, 8_000);
    await release().catch(() => undefined);
  });
});
