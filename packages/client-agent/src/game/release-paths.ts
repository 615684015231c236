import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * This container's own disk: the game server's copy of the game (`game/<version>/`) and, unless
 * HTTP_DOCUMENTROOT pins one, the document root nginx serves (`documentroot`, a link to this
 * image's release on the volume).
 */
export const LOCAL_GAME_ROOT = '/var/lib/asteroids';

/** The document root nginx serves when HTTP_DOCUMENTROOT is unset: a link the installer points. */
export const LOCAL_DOCUMENT_ROOT = join(LOCAL_GAME_ROOT, 'documentroot');

/** Where one game version lives, and what sits beside the versions, for one mount point. */
export interface ReleasePaths {
  /** `<mount>/asteroids`: the game's data on the volume, root's: the game user cannot write here. */
  gameData: string;
  /**
   * `<gameData>/leaderboard`: the only directory the game server may write (its user owns it):
   * the board, its lock and temp files. The game server expects it to exist.
   */
  leaderboardDir: string;
  /** `<leaderboardDir>/leaderboard.json`. */
  leaderboard: string;
  /**
   * `<gameData>/leaderboard.json`: where the board was before it got a directory of its own;
   * moved from there once, and then a link to the board for tools that read the old path.
   */
  legacyLeaderboard: string;
  /** `<mount>/asteroids/releases`: one directory per version, nothing else of ours is outside it. */
  releases: string;
  /** `<releases>/.leases`: one file per container and version it serves. */
  leases: string;
  /** What the install lock guards (proper-lockfile makes `<lockTarget>.lock`). */
  lockTarget: string;
  /** The docroot of the versions before releases (HTTP_DOCUMENTROOT's old default), never touched. */
  legacyDocumentRoot: string;
}

/** The layout of the game on the volume mounted at `mountPoint`. */
export function releasePaths(mountPoint: string): ReleasePaths {
  const gameData = join(mountPoint, 'asteroids');
  const releases = join(gameData, 'releases');
  const leaderboardDir = join(gameData, 'leaderboard');
  return {
    gameData,
    leaderboardDir,
    leaderboard: join(leaderboardDir, 'leaderboard.json'),
    legacyLeaderboard: join(gameData, 'leaderboard.json'),
    releases,
    leases: join(releases, '.leases'),
    lockTarget: join(releases, '.install'),
    legacyDocumentRoot: join(gameData, 'documentroot'),
  };
}

/** The name of the metadata file in each release: which version, from where, installed when. */
export const RELEASE_INFO = '.release.json';

/** Prefix of a copy under way: only the install lock's holder writes one, so others are dead. */
export const INSTALL_TEMP_PREFIX = '.install-';

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A directory is a game bundle when it has the browser client's config.js. */
export function isGameBundle(dir: string): Promise<boolean> {
  return exists(join(dir, 'client', 'config.js'));
}
