import { describe, expect, it } from 'vitest';
import { GameError } from '../errors.js';
import { classifyStorageError, directoryMissing } from './storage-errors.js';

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const PATH = '/mnt/ranchervol/asteroids/leaderboard.json';

describe('classifyStorageError', () => {
  it.each([
    ['ENOSPC', 'GAME_ERR_LEADERBOARD_FULL', /is full/],
    ['EDQUOT', 'GAME_ERR_LEADERBOARD_FULL', /over its quota/],
    ['EROFS', 'GAME_ERR_LEADERBOARD_READ_ONLY', /is read-only/],
    ['EACCES', 'GAME_ERR_LEADERBOARD_READ_ONLY', /denies this process writes/],
    ['EPERM', 'GAME_ERR_LEADERBOARD_READ_ONLY', /does not permit/],
    ['ENOTCONN', 'GAME_ERR_LEADERBOARD_UNMOUNTED', /not connected/],
    ['EIO', 'GAME_ERR_LEADERBOARD_WRITE', /storage failed/],
  ])('gives %s the code %s and names the path', (code, expected, says) => {
    const cause = errno(code);
    const err = classifyStorageError(cause, PATH);
    expect(err.code).toBe(expected);
    expect(err.message).toMatch(says);
    expect(err.message).toContain(PATH);
    expect(err.cause).toBe(cause);
  });

  it('keeps the code of an error that already has one', () => {
    const hung = new GameError('GAME_ERR_STORAGE_HUNG', 'stuck');
    expect(classifyStorageError(hung, PATH)).toBe(hung);
  });

  it('says a missing directory means the volume is not mounted, and how to run locally', () => {
    const err = directoryMissing(PATH, errno('ENOENT'));
    expect(err.code).toBe('GAME_ERR_LEADERBOARD_UNMOUNTED');
    expect(err.message).toMatch(
      /^the leaderboard directory \/mnt\/ranchervol\/asteroids does not exist: the volume is not mounted/,
    );
    expect(err.message).toContain('GAME_LEADERBOARD_CREATE_DIR=1');
  });
});
