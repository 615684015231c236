import type { WorldSize } from './geometry.js';

/**
 * A uniform grid over the wrap-around world for the collision broad phase: each bullet looks
 * only at the 3x3 cells around it instead of at every rock and ship. Cells are at least
 * `minCell` wide and divide the world evenly, so anything within `minCell` of a point is in
 * one of those nine cells, across the wrap edge too.
 */
export class Grid<T> {
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly cells = new Map<number, T[]>();
  private readonly scratch: T[][] = [];

  constructor(world: WorldSize, minCell: number) {
    this.cols = Math.max(1, Math.floor(world.width / minCell));
    this.rows = Math.max(1, Math.floor(world.height / minCell));
    this.cellW = world.width / this.cols;
    this.cellH = world.height / this.rows;
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cellW)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cellH)));
  }

  insert(x: number, y: number, item: T): void {
    const key = this.row(y) * this.cols + this.col(x);
    const bucket = this.cells.get(key);
    if (bucket) bucket.push(item);
    else this.cells.set(key, [item]);
  }

  /** The buckets of the nine cells around a point (each cell once on tiny worlds). */
  near(x: number, y: number): readonly T[][] {
    const out = this.scratch;
    out.length = 0;
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
        const bucket = this.cells.get(key);
        if (bucket) out.push(bucket);
      }
    }
    return out;
  }
}
