import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';

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
}

export interface FileStorageOptions {
  /** A lock older than this is considered abandoned (its holder died). */
  readonly staleMs?: number;
  /** How long to keep trying to take the lock. */
  readonly lockTimeoutMs?: number;
  /** Told when the lock was lost while held (its directory vanished or could not be refreshed). */
  readonly onLockCompromised?: (err: Error) => void;
}

/**
 * The board as one JSON file on the shared volume. The lock is proper-lockfile's `<file>.lock`
 * directory: mkdir is atomic on GlusterFS and other network file systems, unlike flock.
 */
export class FileStorage implements LeaderboardStorage {
  constructor(
    readonly path: string,
    private readonly options: FileStorageOptions = {},
  ) {}

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeAtomic(text: string): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.path);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    // The rename itself must reach the disk too, or a crash could bring the old file back.
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync().catch(() => undefined);
    } finally {
      await dirHandle.close();
    }
  }

  async moveAside(reason: string): Promise<string> {
    const target = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${reason}`;
    await rename(this.path, target);
    return target;
  }

  async lock(): Promise<() => Promise<void>> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const timeout = this.options.lockTimeoutMs ?? 10_000;
    return lockfile.lock(this.path, {
      realpath: false,
      stale: this.options.staleMs ?? 15_000,
      retries: {
        retries: Math.ceil(timeout / 100),
        factor: 1,
        minTimeout: 50,
        maxTimeout: 150,
        randomize: true,
      },
    });
  }
}
