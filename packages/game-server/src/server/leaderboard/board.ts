import { cleanName } from '../../shared/protocol/names.js';
import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';

/** The all-time board keeps this many entries. */
export const LEADERBOARD_SIZE = 100;

/** The file's shape; `version` lets a later format be recognised. */
export interface LeaderboardFile {
  readonly version: 1;
  readonly entries: readonly LeaderboardEntry[];
}

function sameEntry(a: LeaderboardEntry, b: LeaderboardEntry): boolean {
  return a.name === b.name && a.score === b.score && a.kills === b.kills && a.at === b.at;
}

/**
 * Merges boards from several writers (other containers, our pending scores): identical entries
 * count once, best first, earliest wins a tie, cut to the board size.
 */
export function mergeBoards(...lists: ReadonlyArray<readonly LeaderboardEntry[]>): LeaderboardEntry[] {
  const all: LeaderboardEntry[] = [];
  for (const list of lists) {
    for (const e of list) if (!all.some((x) => sameEntry(x, e))) all.push(e);
  }
  return (
    all
      // A total order (kills last), so every writer and the pending fold agree on the cut.
      .sort((a, b) => b.score - a.score || a.at - b.at || a.name.localeCompare(b.name) || b.kills - a.kills)
      .slice(0, LEADERBOARD_SIZE)
  );
}

function isEntry(v: unknown): v is LeaderboardEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.name === 'string' &&
    e.name.length <= 64 &&
    Number.isSafeInteger(e.score) &&
    Number.isSafeInteger(e.kills) &&
    Number.isSafeInteger(e.at)
  );
}

/** Parses the file text; throws (with the reason) when it is not a valid board. */
export function parseBoard(text: string): LeaderboardEntry[] {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null) throw new Error('not an object');
  const file = data as Record<string, unknown>;
  if (file.version !== 1) throw new Error(`unknown version ${String(file.version)}`);
  if (!Array.isArray(file.entries)) throw new Error('entries is not a list');
  const entries: LeaderboardEntry[] = [];
  for (const e of file.entries) {
    if (!isEntry(e)) throw new Error(`bad entry ${JSON.stringify(e).slice(0, 80)}`);
    // Names were cleaned when made; cleaning again guards against hand-edited files.
    entries.push({ name: cleanName(e.name), score: e.score, kills: e.kills, at: e.at });
  }
  return entries;
}

export function serializeBoard(entries: readonly LeaderboardEntry[]): string {
  const file: LeaderboardFile = { version: 1, entries };
  return `${JSON.stringify(file, null, 1)}\n`;
}
