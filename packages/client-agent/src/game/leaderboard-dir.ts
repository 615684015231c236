import { chown, lstat, mkdir, rename, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Logger } from '@gluster-asteroids/agent-runtime';
import { InstallError } from './install-errors.js';
import { releasePaths } from './release-paths.js';

/** Who owns the leaderboard's directory: the game server's user. */
export interface LeaderboardOwner {
  uid: number;
  gid: number;
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Makes `<mount>/asteroids/leaderboard/` the game server's, and only it: the game user may write
 * its board, lock and temp files there, while `asteroids/` and the releases in it stay root's (an
 * owner of `asteroids/` could rename `releases/` and put code of its own in its place). A board
 * at the old path `asteroids/leaderboard.json` is moved in once (a rename on the volume, so
 * atomic); the old path then becomes a link to the new one, for tools and heal commands that
 * read it. Touches nothing that is already right, so a running volume costs a few stats.
 * Returns the board's path for GAME_LEADERBOARD_PATH.
 */
export async function prepareLeaderboardDir(
  mountPoint: string,
  owner: LeaderboardOwner,
  logger: Logger,
): Promise<string> {
  const paths = releasePaths(mountPoint);
  await mkdir(paths.leaderboardDir, { recursive: true, mode: 0o755 });
  const dir = await lstat(paths.leaderboardDir);
  if (!dir.isDirectory()) {
    throw new InstallError(
      'GA_LEADERBOARD_DIR_INVALID',
      `${paths.leaderboardDir} is not a directory, so the game server could not save the leaderboard. ` +
        "Move it aside (it is not the game's) and restart this container: the directory is created again.",
    );
  }
  if (dir.uid !== owner.uid || dir.gid !== owner.gid) {
    await chown(paths.leaderboardDir, owner.uid, owner.gid);
  }

  const legacy = await lstatOrUndefined(paths.legacyLeaderboard);
  if (legacy?.isFile() && !(await lstatOrUndefined(paths.leaderboard))) {
    await rename(paths.legacyLeaderboard, paths.leaderboard);
    await chown(paths.leaderboard, owner.uid, owner.gid);
    logger.info(
      { from: paths.legacyLeaderboard, to: paths.leaderboard },
      'moved the leaderboard into its own directory, which the game server owns',
    );
  } else if (legacy?.isFile()) {
    // A game server of an older image saved there after the move (a rolling upgrade).
    logger.warn(
      { legacy: paths.legacyLeaderboard, leaderboard: paths.leaderboard },
      'a leaderboard at the old path exists beside the current one; it is left alone, its scores are not merged',
    );
  }
  await linkLegacyPath(paths.legacyLeaderboard, paths.leaderboard);
  return paths.leaderboard;
}

/** The old path as a relative link (it resolves on a brick too); another container may race us. */
async function linkLegacyPath(legacy: string, board: string): Promise<void> {
  if (await lstatOrUndefined(legacy)) return;
  try {
    await symlink(join(relative(dirname(legacy), dirname(board)), basename(board)), legacy);
  } catch (error) {
    if (errno(error) !== 'EEXIST') throw error;
  }
}
