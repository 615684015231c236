import type { LeaderboardMessage } from '../shared/protocol/server-messages.js';

const WHY: ReadonlyMap<string, string> = new Map([
  ['offline', 'Score storage is offline.'],
  ['full', 'Score storage is full.'],
  ['read-only', 'Score storage is read-only.'],
  ['failing', 'Score storage is failing.'],
]);

/**
 * The small notice under the all-time board while the server cannot save scores, or undefined
 * while it can. The fields are optional and come off the wire: anything but `saving: false`
 * means saving works (older servers never send it), and a reason this client does not know
 * gets the general text.
 */
export function leaderboardNotice(message: Pick<LeaderboardMessage, 'saving' | 'why'>): string | undefined {
  const { saving, why } = message as { saving?: unknown; why?: unknown };
  if (saving !== false) return undefined;
  const reason = (typeof why === 'string' && WHY.get(why)) || 'Score storage is not working.';
  return `${reason} Scores are kept and will be saved when storage returns.`;
}
