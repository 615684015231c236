import type { WorldSize } from './geometry.js';

/**
 * A uniform grid over the wrap-around world for the collision broad phase: each bullet looks
 * only at the 3x3 cells around it instead of at every rock and ship. Cells are at least
 * `minCell` wide and divide the world evenly, so anything within `minCell` of a point is in
 * one of those nine cells, across the wrap edge too.
 *
 * It is refilled every tick, so it keeps no per-cell arrays: each cell is a linked list through
 * flat arrays (`first`/`last` per cell, `next` per item), in insertion order. Arrays are
 * overwritten up to a count rather than emptied (`length = 0` drops their storage), so a refill
 * allocates nothing, which keeps garbage, and with it GC pauses, out of the tick.
 */
export class Grid<T> {
  private cols = 1;
  private rows = 1;
  private cellW = 1;
  private cellH = 1;
  private width = 0;
  private height = 0;
  /** Cell -> index of its first and of its last item, or -1. */
  private first = new Int32Array(1);
  private last = new Int32Array(1);
  /** Item index -> index of the next item in the same cell, or -1. */
  private readonly next: number[] = [];
  private readonly items: T[] = [];
  private count = 0;
  private readonly scratch: T[] = [];

  constructor(
    world: WorldSize,
    private readonly minCell: number,
  ) {
    this.clear(world);
  }

  /** Empties the grid for a refill over `world` (which may have grown since the last one). */
  clear(world: WorldSize): void {
    this.count = 0;
    if (world.width !== this.width || world.height !== this.height) {
      this.width = world.width;
      this.height = world.height;
      this.cols = Math.max(1, Math.floor(world.width / this.minCell));
      this.rows = Math.max(1, Math.floor(world.height / this.minCell));
      this.cellW = world.width / this.cols;
      this.cellH = world.height / this.rows;
      this.first = new Int32Array(this.cols * this.rows);
      this.last = new Int32Array(this.cols * this.rows);
    }
    this.first.fill(-1);
    this.last.fill(-1);
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cellW)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cellH)));
  }

  insert(x: number, y: number, item: T): void {
    const key = this.row(y) * this.cols + this.col(x);
    const index = this.count++;
    this.items[index] = item;
    this.next[index] = -1;
    const tail = this.last[key] ?? -1;
    if (tail === -1) this.first[key] = index;
    else this.next[tail] = index;
    this.last[key] = index;
  }

  /** What the last near() found; valid up to the count it returned. */
  get found(): readonly T[] {
    return this.scratch;
  }

  /**
   * Puts the items in the nine cells around a point (each cell once on tiny worlds) into
   * `found` and returns how many there are. The next call overwrites them.
   */
  near(x: number, y: number): number {
    const out = this.scratch;
    let n = 0;
    const c = this.col(x);
    const r = this.row(y);
    // Only a grid narrower than three cells can name the same cell twice.
    const seen = this.cols < 3 || this.rows < 3 ? new Set<number>() : undefined;
    for (let dr = -1; dr <= 1; dr++) {
      const rr = (r + dr + this.rows) % this.rows;
      for (let dc = -1; dc <= 1; dc++) {
        const key = rr * this.cols + ((c + dc + this.cols) % this.cols);
        if (seen) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        for (let i = this.first[key] ?? -1; i !== -1; i = this.next[i] ?? -1) {
          const item = this.items[i];
          if (item !== undefined) out[n++] = item;
        }
      }
    }
    return n;
  }
}
