/**
 * Every error the game server raises on purpose has a stable code, documented in ERRORS.md
 * (a unit test keeps the two in step). Messages name the input, the value and the fix.
 */
export const ERROR_CODES = {
  GAME_ERR_CONFIG: 'A configuration variable has a value that is not allowed.',
  GAME_ERR_LEADERBOARD_CORRUPT: 'The leaderboard file could not be parsed; it was moved aside.',
  GAME_ERR_LEADERBOARD_WRITE: 'Writing the leaderboard failed; the write will be retried.',
  GAME_ERR_LEADERBOARD_LOCK: 'The leaderboard lock could not be taken in time.',
  GAME_ERR_LEADERBOARD_LOCK_LOST:
    'The leaderboard lock was lost while held; the write was abandoned and retried.',
  GAME_ERR_LEADERBOARD_UNMOUNTED:
    "The leaderboard's directory is missing or its mount is not connected: the volume is not mounted.",
  GAME_ERR_LEADERBOARD_FULL: 'The volume is full or over quota (ENOSPC, EDQUOT); scores wait in memory.',
  GAME_ERR_LEADERBOARD_READ_ONLY: 'The volume refuses writes (EROFS, EACCES, EPERM); scores wait in memory.',
  GAME_ERR_STORAGE_HUNG:
    'A call on the volume passed its deadline, or was refused while an earlier one is stuck.',
  GAME_ERR_STATIC_DIR: 'The client directory to serve does not exist.',
  GAME_ERR_SIMULATION_START: 'The simulation thread could not be started.',
  GAME_ERR_SIMULATION_FAILED: 'The simulation thread died while the server ran.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class GameError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GameError';
    this.code = code;
  }
}

export function isGameError(e: unknown, code?: ErrorCode): e is GameError {
  return e instanceof GameError && (code === undefined || e.code === code);
}
