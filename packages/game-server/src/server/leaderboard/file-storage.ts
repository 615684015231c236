import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { GameError } from '../errors.js';
import { realTimers } from '../timers.js';
import { IoLane } from '../volume/io-lane.js';
import { type LockfileFs, lockfileFs } from '../volume/lockfile-fs.js';
import { nodeVolumeFs, type VolumeFs } from '../volume/volume-fs.js';
import { directoryMissing, isMissing } from './storage-errors.js';
import { isTempOf, STALE_TEMP_MS, tempPathFor } from './temp-files.js';

/** What the leaderboard needs from storage; tests wrap it to inject failures. */
export interface LeaderboardStorage {
  /** The file's text, or undefined when there is no file yet. */
  read(): Promise<string | undefined>;
  /** Replaces the file so that readers see either the old or the new text, never a mix. */
  writeAtomic(text: string): Promise<void>;
  /** Renames a bad file out of the way and returns where it went. */
  moveAside(reason: string): Promise<string>;
  /** Takes the cross-container lock; resolves to its release. */
  lock(): Promise<() => Promise<void>>;
  /** Removes the temp files of writers that died mid-write (call it under the lock); their names. */
  removeStaleTemps(): Promise<string[]>;
}

export interface FileStorageOptions {
  /** Every call on the volume goes through this lane. Default: a lane of its own (1 call, 10 s). */
  readonly lane?: IoLane;
  /** The file system; tests inject failures here. Default: node:fs/promises. */
  readonly fs?: VolumeFs;
  /** A lock older than this is considered abandoned (its holder died). */
  readonly staleMs?: number;
  /** How long to keep trying to take the lock while another writer holds it. */
  readonly lockTimeoutMs?: number;
  /** Told when the lock was lost while held (its directory vanished or could not be refreshed). */
  readonly onLockCompromised?: (err: Error) => void;
  /** A temp file older than this is a dead writer's leftover. */
  readonly staleTempMs?: number;
  /** Wall clock in ms, for the age of temp files and the lock deadline. */
  readonly now?: () => number;
}

/** One taken lock; proper-lockfile may report it lost from a timer at any time. */
interface HeldLock {
  lost: Error | undefined;
  released: boolean;
}

/**
 * The board as one JSON file on the shared volume. The lock is proper-lockfile's `<file>.lock`
 * directory: mkdir is atomic on GlusterFS and other network file systems, unlike flock.
 *
 * It never creates the file's directory: on the volume, a missing directory means the mount
 * point is empty (not mounted), and creating it would write the scores to the container's own
 * disk, where the next mount hides them. Every fs call, proper-lockfile's included, goes
 * through the lane, so a hung mount costs at most the lane's slots and a deadline.
 */
export class FileStorage implements LeaderboardStorage {
  private readonly lane: IoLane;
  private readonly fs: VolumeFs;
  private readonly lockFs: LockfileFs;
  private readonly dir: string;
  private readonly now: () => number;
  private held: HeldLock | undefined;

  constructor(
    readonly path: string,
    private readonly options: FileStorageOptions = {},
  ) {
    this.lane = options.lane ?? new IoLane({ size: 1, timeoutMs: 10_000, timers: realTimers });
    this.fs = options.fs ?? nodeVolumeFs;
    this.lockFs = lockfileFs(this.lane, this.fs);
    this.dir = dirname(path);
    this.now = options.now ?? Date.now;
  }

  /**
   * Only for a local run without the client-agent (GAME_LEADERBOARD_CREATE_DIR=1), once at
   * start-up: creates the directory (and its parents). Never called while serving.
   */
  createDirectory(): Promise<void> {
    return this.lane.run(`mkdir -p ${this.dir}`, async () => {
      await this.fs.mkdir(this.dir, { recursive: true });
    });
  }

  read(): Promise<string | undefined> {
    return this.lane.run(`read ${this.path}`, async () => {
      try {
        return await this.fs.readFile(this.path, 'utf8');
      } catch (e) {
        if (!isMissing(e)) throw e;
        // No file is a new board, but only when its directory is there: an empty mount point
        // must not look like an empty board.
        await this.fs.stat(this.dir).catch((cause: unknown) => {
          throw isMissing(cause) ? directoryMissing(this.path, cause) : cause;
        });
        return undefined;
      }
    });
  }

  writeAtomic(text: string): Promise<void> {
    return this.lane.run(`write ${this.path}`, async (signal) => {
      const temp = tempPathFor(this.path);
      // 'wx' creates the temp file only; a missing directory fails here (ENOENT).
      const handle = await this.fs.open(temp, 'wx', 0o644).catch((e: unknown) => {
        throw isMissing(e) ? directoryMissing(this.path, e) : e;
      });
      let open = true;
      let renamed = false;
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
        open = false;
        await handle.close();
        // The caller gave up at the deadline and will write again: renaming now, late, could
        // replace a newer board another container wrote under the lock since.
        signal.throwIfAborted();
        this.throwIfLockLost();
        await this.fs.rename(temp, this.path);
        renamed = true;
      } finally {
        // Whatever failed after the open (write, fsync, close, rename), the temp file goes.
        if (open) await handle.close().catch(() => undefined);
        if (!renamed) await this.fs.unlink(temp).catch(() => undefined);
      }
      // The rename itself must reach the disk too, or a crash could bring the old file back.
      const dirHandle = await this.fs.open(this.dir, 'r');
      try {
        await dirHandle.sync().catch(() => undefined);
      } finally {
        await dirHandle.close();
      }
    });
  }

  moveAside(reason: string): Promise<string> {
    const target = `${this.path}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}-${reason}`;
    return this.lane.run(`rename ${this.path}`, async () => {
      await this.fs.rename(this.path, target);
      return target;
    });
  }

  async lock(): Promise<() => Promise<void>> {
    const timeoutMs = this.options.lockTimeoutMs ?? 10_000;
    const staleMs = this.options.staleMs ?? 15_000;
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const held: HeldLock = { lost: undefined, released: false };
      try {
        // No retries inside proper-lockfile: it would retry every error, a missing directory
        // or a hung mount too. Only "held by another writer" is worth waiting for (below).
        const release = await lockfile.lock(this.path, {
          realpath: false,
          stale: staleMs,
          fs: this.lockFs,
          onCompromised: (err) => this.compromised(held, err),
        });
        this.held = held;
        return async () => {
          held.released = true;
          if (this.held === held) this.held = undefined;
          await release();
        };
      } catch (e) {
        if (isMissing(e)) throw directoryMissing(this.path, e);
        if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
        if (this.now() >= deadline)
          throw new GameError(
            'GAME_ERR_LEADERBOARD_LOCK',
            `could not take the leaderboard lock ${this.path}.lock within ${timeoutMs / 1000} s: ` +
              `another writer holds it (a lock not refreshed for ${staleMs / 1000} s is taken over)`,
            { cause: e },
          );
        await delay(50 + Math.random() * 100);
      }
    }
  }

  removeStaleTemps(): Promise<string[]> {
    const staleTempMs = this.options.staleTempMs ?? STALE_TEMP_MS;
    return this.lane.run(`remove stale temp files in ${this.dir}`, async (signal) => {
      const names = await this.fs.readdir(this.dir).catch((e: unknown) => {
        throw isMissing(e) ? directoryMissing(this.path, e) : e;
      });
      const removed: string[] = [];
      for (const name of names.filter((n) => isTempOf(this.path, n))) {
        signal.throwIfAborted();
        const file = join(this.dir, name);
        try {
          if (this.now() - (await this.fs.stat(file)).mtimeMs < staleTempMs) continue;
          await this.fs.unlink(file);
          removed.push(name);
        } catch (e) {
          // Another container swept it first.
          if (!isMissing(e)) throw e;
        }
      }
      return removed;
    });
  }

  /**
   * proper-lockfile calls this from its refresh timer; its default throws there, which would
   * end the process and drop every player. The write under a lost lock is abandoned instead.
   */
  private compromised(held: HeldLock, err: Error): void {
    if (held.released) return;
    held.lost = err;
    try {
      this.options.onLockCompromised?.(err);
    } catch {
      // A reporting hook must not be able to crash the timer it is called from.
    }
  }

  private throwIfLockLost(): void {
    const lost = this.held?.lost;
    if (lost === undefined) return;
    throw new GameError(
      'GAME_ERR_LEADERBOARD_LOCK_LOST',
      `the leaderboard lock ${this.path}.lock was lost while held (${lost.message}): the write was abandoned and will be retried`,
      { cause: lost },
    );
  }
}
