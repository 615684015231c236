import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A temp file lives seconds; one older than this was left by a writer that died mid-write. */
export const STALE_TEMP_MS = 5 * 60_000;

/**
 * Where a new version of the board is written before it is renamed over the old one:
 * `.leaderboard.json.<pid>.<hex>.tmp` next to it (same directory, so the rename is atomic), the
 * pid and a random part so no two writers, in this container or another, share one.
 */
export function tempPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `name`, in the board's directory, is one of its temp files (from any writer). */
export function isTempOf(path: string, name: string): boolean {
  return new RegExp(`^\\.${escapeRegExp(basename(path))}\\.\\d+\\.[0-9a-f]+\\.tmp$`).test(name);
}
