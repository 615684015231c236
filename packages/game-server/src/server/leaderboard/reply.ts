import type {
  LeaderboardEntry,
  LeaderboardMessage,
  SaveProblem,
} from '../../shared/protocol/server-messages.js';
import type { ErrorCode } from '../errors.js';
import type { SaveStatus } from './save-health.js';

/** What a player is told, by error code; operators read the code itself in /healthz. */
const PROBLEMS: Partial<Readonly<Record<ErrorCode, SaveProblem>>> = {
  GAME_ERR_LEADERBOARD_UNMOUNTED: 'offline',
  GAME_ERR_STORAGE_HUNG: 'offline',
  GAME_ERR_LEADERBOARD_FULL: 'full',
  GAME_ERR_LEADERBOARD_READ_ONLY: 'read-only',
};

/** The `lb` message: the board, plus `saving: false` and why while scores cannot be saved. */
export function leaderboardReply(top: readonly LeaderboardEntry[], status: SaveStatus): LeaderboardMessage {
  if (status.saving) return { t: 'lb', top: [...top] };
  return { t: 'lb', top: [...top], saving: false, why: PROBLEMS[status.code] ?? 'failing' };
}
