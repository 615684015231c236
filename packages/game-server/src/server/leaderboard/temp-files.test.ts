import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempOf, tempPathFor } from './temp-files.js';

const PATH = '/mnt/vol/asteroids/leaderboard.json';

describe('temp files', () => {
  it('names a temp file next to the board after the board, the pid and a random part', () => {
    const temp = tempPathFor(PATH, 4242);
    expect(temp).toMatch(/^\/mnt\/vol\/asteroids\/\.leaderboard\.json\.4242\.[0-9a-f]{8}\.tmp$/);
    expect(tempPathFor(PATH, 4242)).not.toBe(temp);
    expect(isTempOf(PATH, basename(temp))).toBe(true);
  });

  it.each([
    'leaderboard.json',
    'leaderboard.json.lock',
    '.leaderboard.json.12.zz.tmp',
    '.leaderboardXjson.12.ab.tmp',
    '.other.json.12.ab.tmp',
    '.leaderboard.json.12.ab.tmp.keep',
    'leaderboard.json.corrupt-2024-unparseable',
  ])('never takes %s for one of its temp files', (name) => {
    expect(isTempOf(PATH, name)).toBe(false);
  });
});
