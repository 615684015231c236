import { dirname } from 'node:path';
import { type ErrorCode, GameError } from '../errors.js';

interface Known {
  readonly code: ErrorCode;
  /** What the errno means for the volume, and when the scores will be written. */
  readonly says: (path: string) => string;
}

const full = (what: string) => (path: string) =>
  `the volume holding ${path} is ${what}: the scores wait in memory and are written once space is freed`;
const readOnly = (what: string) => (path: string) =>
  `the volume holding ${path} ${what}: the scores wait in memory and are written once it is writable again`;

/** The errno codes that say something about the volume as a whole, not about one call. */
const BY_ERRNO: Readonly<Record<string, Known>> = {
  ENOSPC: { code: 'GAME_ERR_LEADERBOARD_FULL', says: full('full') },
  EDQUOT: { code: 'GAME_ERR_LEADERBOARD_FULL', says: full('over its quota') },
  EROFS: { code: 'GAME_ERR_LEADERBOARD_READ_ONLY', says: readOnly('is read-only') },
  EACCES: { code: 'GAME_ERR_LEADERBOARD_READ_ONLY', says: readOnly('denies this process writes') },
  EPERM: { code: 'GAME_ERR_LEADERBOARD_READ_ONLY', says: readOnly('does not permit the write') },
  // What a glusterfs FUSE mount answers once its client process is gone.
  ENOTCONN: {
    code: 'GAME_ERR_LEADERBOARD_UNMOUNTED',
    says: (path) =>
      `the mount holding ${path} is not connected: the scores wait in memory and are written once it is remounted`,
  },
};

/**
 * Gives a failed leaderboard call its stable code: full, read-only, unmounted, or a plain write
 * failure. Errors that already carry a code (hung, lock, missing directory) keep it.
 */
export function classifyStorageError(e: unknown, path: string): GameError {
  if (e instanceof GameError) return e;
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  const known = errno === undefined ? undefined : BY_ERRNO[errno];
  if (known) return new GameError(known.code, `${known.says(path)} (${errno})`, { cause: e });
  const detail = e instanceof Error ? e.message : String(e);
  return new GameError(
    'GAME_ERR_LEADERBOARD_WRITE',
    `leaderboard storage failed at ${path} (${detail}): the scores wait in memory and the write is retried`,
    { cause: e },
  );
}

/** The directory is gone: on the volume that means the mount point is empty (not mounted). */
export function directoryMissing(path: string, cause?: unknown): GameError {
  return new GameError(
    'GAME_ERR_LEADERBOARD_UNMOUNTED',
    `the leaderboard directory ${dirname(path)} does not exist: the volume is not mounted. ` +
      'The game server never creates it (the client-agent does when it installs the game; ' +
      'set GAME_LEADERBOARD_CREATE_DIR=1 for a local run)',
    { cause },
  );
}

/** True when an fs error means the path (or a directory above it) is not there. */
export function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
