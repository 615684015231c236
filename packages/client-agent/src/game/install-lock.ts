import type { Logger } from '@gluster-asteroids/agent-runtime';
import lockfile from 'proper-lockfile';
import { InstallError } from './install-errors.js';

/** Options of {@link withInstallLock}. */
export interface InstallLockOptions {
  /** The path guarded; the lock is the directory `<lockTarget>.lock`. */
  lockTarget: string;
  logger: Logger;
  /**
   * A holder that stops refreshing the lock for this long is presumed dead and the lock taken
   * over (default 60 s; refreshed every half of it; proper-lockfile's floor is 2 s).
   */
  staleMs?: number;
}

/** What the work under the lock sees of it. */
export interface HeldLock {
  /** Aborted (with GA_INSTALL_LOCK_LOST) when the lock is lost: pass it to long copies. */
  readonly signal: AbortSignal;
  /** Throws GA_INSTALL_LOCK_LOST if the lock was lost: call it right before committing. */
  assertHeld(): void;
}

/**
 * Runs `work` while holding the install lock (proper-lockfile: mkdir-based, so it works across
 * containers on GlusterFS), so two containers starting at once neither both copy nor prune under
 * each other. proper-lockfile's default for a lost lock (its directory removed, or its mtime
 * changed because another container took it over as stale) throws from a timer, which would
 * crash the agent; here it aborts the work instead, and the install fails with
 * GA_INSTALL_LOCK_LOST before it renames anything into place.
 */
export async function withInstallLock<T>(
  options: InstallLockOptions,
  work: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  const { lockTarget, logger } = options;
  const lost = new AbortController();
  const release = await lockfile
    .lock(lockTarget, {
      realpath: false,
      stale: options.staleMs ?? 60_000,
      retries: { retries: 120, factor: 1.2, minTimeout: 200, maxTimeout: 2_000 },
      onCompromised: (error) => {
        logger.error({ err: error, lockTarget }, 'the install lock was lost; the install stops');
        lost.abort(
          new InstallError(
            'GA_INSTALL_LOCK_LOST',
            `The install lock ${lockTarget}.lock was lost while installing (${error.message}): another ` +
              'container may have taken it over. Nothing was renamed into place; a restart installs again.',
            error,
          ),
        );
      },
    })
    .catch((error: unknown) => {
      throw new InstallError(
        'GA_INSTALL_LOCK_TIMEOUT',
        `Could not take the install lock ${lockTarget}: ${String(error)}`,
        error,
      );
    });
  const held: HeldLock = {
    signal: lost.signal,
    assertHeld: () => lost.signal.throwIfAborted(),
  };
  try {
    return await work(held);
  } catch (error) {
    // A copy cancelled because the lock was lost says "aborted"; the reason is the lost lock.
    if (lost.signal.aborted) throw lost.signal.reason;
    throw error;
  } finally {
    // After a loss proper-lockfile has released it already and says so: nothing left to do.
    await release().catch(() => undefined);
  }
}
