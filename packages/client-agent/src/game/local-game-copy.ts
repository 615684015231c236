import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRunner } from '@gluster-asteroids/agent-runtime';
import { copyGameTree } from './copy-game-tree.js';
import { exists } from './release-paths.js';

/** Options of {@link ensureLocalCopy}. */
export interface LocalCopyOptions {
  /** This container's game directory (LOCAL_GAME_ROOT); copies go to `<localRoot>/game/<name>`. */
  localRoot: string;
  /** A version id, or `pinned` for an operator's HTTP_DOCUMENTROOT. */
  name: string;
  /**
   * The game to copy: the local checkout, or the release on the volume. A function is called
   * only when a copy is needed (it may wait for a clone).
   */
  source: string | (() => Promise<string>);
  /** Copy again even when a copy exists (a pinned docroot may have been edited meanwhile). */
  refresh?: boolean;
  run: CommandRunner;
  timeoutMs: number;
}

/**
 * This container's own copy of the game, which the game server runs from: a crash-restart during
 * a storage outage does not need the volume, and the release on the volume can be replaced or
 * removed without touching a running server. A copy of a version is kept (a `docker restart`
 * reuses it, copying nothing); copies of other versions are removed. Written beside and renamed
 * into place, so a copy that exists is complete.
 */
export async function ensureLocalCopy(options: LocalCopyOptions): Promise<{ dir: string; copied: boolean }> {
  const gameRoot = join(options.localRoot, 'game');
  const dir = join(gameRoot, options.name);
  let copied = false;
  if (options.refresh || !(await exists(dir))) {
    await mkdir(gameRoot, { recursive: true });
    const temp = join(gameRoot, `.copy-${randomBytes(4).toString('hex')}`);
    try {
      const source = typeof options.source === 'string' ? options.source : await options.source();
      await copyGameTree(source, temp, { run: options.run, timeoutMs: options.timeoutMs });
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    copied = true;
  }
  for (const entry of await readdir(gameRoot)) {
    if (entry !== options.name) await rm(join(gameRoot, entry), { recursive: true, force: true });
  }
  return { dir, copied };
}
