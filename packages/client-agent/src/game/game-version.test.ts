import { describe, expect, it } from 'vitest';
import { parseRemoteHead, VERSION_PATTERN } from './game-version.js';

const SHA1 = '373798e70e43ca9a75b20b6a4cedb07be28aba8b';

describe('parseRemoteHead', () => {
  it("reads HEAD's commit out of git ls-remote output", () => {
    expect(parseRemoteHead(`${SHA1}\tHEAD\n`)).toBe(SHA1);
    expect(parseRemoteHead(`ref: refs/heads/main\tHEAD\n${SHA1}\tHEAD\n`)).toBe(SHA1);
  });

  it('names no version when HEAD is missing or not a commit id', () => {
    expect(parseRemoteHead('')).toBeUndefined();
    expect(parseRemoteHead(`${SHA1}\trefs/heads/main\n`)).toBeUndefined();
    expect(parseRemoteHead('../../etc\tHEAD\n')).toBeUndefined();
  });

  it('accepts SHA-1 and SHA-256 ids only, so a version is always a safe directory name', () => {
    expect(VERSION_PATTERN.test(SHA1)).toBe(true);
    expect(VERSION_PATTERN.test('a'.repeat(64))).toBe(true);
    expect(VERSION_PATTERN.test(SHA1.slice(0, 12))).toBe(false);
    expect(VERSION_PATTERN.test(`${SHA1}/..`)).toBe(false);
  });
});
