import { describe, expect, it } from 'vitest';
import { leaderboardNotice } from './leaderboard-notice.js';

describe('leaderboardNotice', () => {
  it('shows nothing while the server saves, including servers that never send the field', () => {
    expect(leaderboardNotice({})).toBeUndefined();
    expect(leaderboardNotice({ saving: true } as never)).toBeUndefined();
    expect(leaderboardNotice({ saving: 'no' } as never)).toBeUndefined();
  });

  it('says why and that the scores are kept while the server cannot save', () => {
    expect(leaderboardNotice({ saving: false, why: 'full' })).toBe(
      'Score storage is full. Scores are kept and will be saved when storage returns.',
    );
    expect(leaderboardNotice({ saving: false, why: 'offline' })).toMatch(/^Score storage is offline\./);
    expect(leaderboardNotice({ saving: false, why: 'read-only' })).toMatch(/^Score storage is read-only\./);
  });

  it('falls back to a general notice for a reason it does not know', () => {
    for (const why of ['flooded', 'toString', 42, undefined])
      expect(leaderboardNotice({ saving: false, why } as never)).toBe(
        'Score storage is not working. Scores are kept and will be saved when storage returns.',
      );
  });
});
