import { ExitCodes, GaError } from '@gluster-asteroids/agent-runtime';

/** Stable codes of the game install errors (documented in docs/errors.md; a test checks). */
export const INSTALL_ERROR_CODES = {
  GA_GAME_REPO_UNAVAILABLE: 'git could not clone GAME_REPO (unreachable, no such repository, no access).',
  GA_GAME_REPO_INVALID:
    'GAME_REPO was cloned but is not a game bundle (no client/config.js); nothing was installed.',
  GA_DOCROOT_INVALID: 'HTTP_DOCUMENTROOT exists but holds no client/config.js; it is left untouched.',
  GA_INSTALL_LOCK_TIMEOUT: 'Another container held the install lock for too long.',
  GA_INSTALL_LOCK_LOST:
    'The install lock was lost while installing (its directory vanished or another container took it over); nothing was renamed into place.',
  GA_LEADERBOARD_DIR_INVALID:
    'asteroids/leaderboard on the volume exists but is not a directory; the game server could not save there.',
} as const;

export type InstallErrorCode = keyof typeof INSTALL_ERROR_CODES;

/** A game install that cannot go on; the agent exits (78: the input needs fixing). */
export class InstallError extends GaError {
  declare readonly code: InstallErrorCode;

  constructor(code: InstallErrorCode, message: string, cause?: unknown) {
    super(code, message, { cause, exitsWith: ExitCodes.CONFIG });
  }
}
