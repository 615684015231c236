import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import { mergeBoards } from './board.js';

/**
 * Scores not written yet, bounded without losing any that could reach the board. They are
 * kept folded to the best LEADERBOARD_SIZE by the board's own order: what gets written is the
 * top 100 of the file, the known board and the pending scores together, so a score that 100
 * pending ones beat can never be on it. An outage of any length costs 100 entries of memory.
 */
export class PendingScores {
  private entries: LeaderboardEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** The scores as they wait, best first: what a write takes as its batch. */
  list(): readonly LeaderboardEntry[] {
    return this.entries;
  }

  /** Adds scores; returns how many were folded away (beaten by 100 others, or already pending). */
  add(entries: readonly LeaderboardEntry[]): number {
    const before = this.entries.length + entries.length;
    this.entries = mergeBoards(this.entries, entries);
    return before - this.entries.length;
  }

  /**
   * Forgets a batch that was written. By identity: scores that arrived during the write stay,
   * and a batch entry folded away meanwhile is simply no longer there.
   */
  remove(written: readonly LeaderboardEntry[]): void {
    const done = new Set(written);
    this.entries = this.entries.filter((e) => !done.has(e));
  }
}
