import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  CommandError,
  type CommandRunner,
  commandSaid,
  RuntimeErrorCodes,
  runCommand,
} from '@gluster-asteroids/agent-runtime';

/** Why the volume did not take a write; each has its own fix (docs/operations.md). */
export type WriteProblem = 'full' | 'read-only' | 'not-permitted' | 'disconnected' | 'hung' | 'failed';

/** The outcome of one write check. */
export type WriteCheck =
  | { readonly writable: true }
  | { readonly writable: false; readonly problem: WriteProblem; readonly detail: string };

/** What each problem means for the game, and what the operator does about it. */
export const WRITE_PROBLEM_FIXES: Readonly<Record<WriteProblem, string>> = {
  full: 'a brick is full (or over its quota): free space on the bricks or grow them; writing resumes by itself',
  'read-only':
    'the volume is read-only: client quorum is lost (too few bricks up) or a brick file system is read-only; ' +
    'bring the storage servers back',
  'not-permitted': 'the volume refuses this container: check the volume options (auth, read-only)',
  disconnected: 'the mount lost its servers: the storage watchdog remounts',
  hung: 'the write did not finish in time: a storage server hangs (paused, overloaded, cut off)',
  failed: 'the write failed: see the detail and the glusterfs client log',
};

/** The last line of what dd or rm said, mapped to a problem. */
function classify(said: string): WriteProblem {
  if (/No space left on device|Disk quota exceeded/i.test(said)) return 'full';
  if (/Read-only file system/i.test(said)) return 'read-only';
  if (/Permission denied|Operation not permitted/i.test(said)) return 'not-permitted';
  if (/Transport endpoint is not connected|Stale file handle|No such device/i.test(said))
    return 'disconnected';
  return 'failed';
}

/**
 * Writes one 4 KiB block to a file of this container's on the volume, syncs it and removes it:
 * what a score write needs, so a full brick (ENOSPC, gluster's storage.reserve), lost quorum
 * (EROFS) or a refused client show here, not only when a player's score fails. Both steps run in
 * child processes with a deadline: a hung mount holds a dd, never a thread of the agent's pool.
 * Every check writes the same name, so a killed dd leaves at most one small file per container.
 */
export async function checkWrite(
  mountPoint: string,
  options: { timeoutMs: number; signal?: AbortSignal; run?: CommandRunner },
): Promise<WriteCheck> {
  const run = options.run ?? runCommand;
  const probe = join(mountPoint, `.ga-write-check-${hostname()}`);
  const step = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  try {
    await run('dd', ['if=/dev/zero', `of=${probe}`, 'bs=4096', 'count=1', 'conv=fsync', 'status=none'], step);
    await run('rm', ['-f', '--', probe], step);
    return { writable: true };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const detail = commandSaid(error);
    if (error instanceof CommandError && error.code === RuntimeErrorCodes.COMMAND_TIMEOUT) {
      return { writable: false, problem: 'hung', detail };
    }
    return { writable: false, problem: classify(detail), detail };
  }
}
