import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import { LEADERBOARD_SIZE, mergeBoards } from './board.js';
import { PendingScores } from './pending.js';

const entry = (name: string, score: number, at = 1): LeaderboardEntry => ({ name, score, kills: 0, at });

describe('PendingScores', () => {
  it('keeps at most a board of scores, exactly those that could still reach the board', () => {
    const pending = new PendingScores();
    const all: LeaderboardEntry[] = [];
    let folded = 0;
    // Rounds of an outage: scores in no particular order, some equal, some repeated.
    for (let round = 0; round < 25; round++) {
      const batch = Array.from({ length: 10 }, (_, i) =>
        entry(`p${round}-${i}`, (round * 37 + i * 11) % 97, i),
      );
      all.push(...batch);
      folded += pending.add(batch);
    }
    expect(pending.size).toBe(LEADERBOARD_SIZE);
    expect(folded).toBe(all.length - LEADERBOARD_SIZE);
    // Whatever the file holds, writing the fold gives the board writing everything would.
    const onDisk = Array.from({ length: 60 }, (_, i) => entry(`disk${i}`, i * 2, i));
    expect(mergeBoards(onDisk, pending.list())).toEqual(mergeBoards(onDisk, all));
  });

  it('counts a score that is already pending as folded, and keeps it once', () => {
    const pending = new PendingScores();
    pending.add([entry('ann', 5)]);
    expect(pending.add([entry('ann', 5)])).toBe(1);
    expect(pending.list()).toEqual([entry('ann', 5)]);
  });

  it('forgets the written batch only, keeping scores that arrived during the write', () => {
    const pending = new PendingScores();
    pending.add([entry('a', 1), entry('b', 2)]);
    const batch = pending.list();
    pending.add([entry('c', 3)]);
    pending.remove(batch);
    expect(pending.list()).toEqual([entry('c', 3)]);
  });
});
