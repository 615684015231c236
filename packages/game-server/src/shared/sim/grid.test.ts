import { describe, expect, it } from 'vitest';
import { Grid } from './grid.js';

describe('Grid', () => {
  it('finds items near a point, including across the wrap-around edge', () => {
    const grid = new Grid<string>({ width: 1000, height: 1000 }, 130);
    grid.insert(995, 500, 'right edge');
    grid.insert(500, 500, 'middle');
    grid.insert(5, 990, 'corner');
    const near = (x: number, y: number) => grid.found.slice(0, grid.near(x, y)).sort();
    expect(near(20, 500)).toEqual(['right edge']);
    expect(near(990, 10)).toEqual(['corner']);
    expect(near(560, 450)).toEqual(['middle']);
    expect(near(250, 250)).toEqual([]);
  });

  it('never misses an item within the minimum cell size, whatever the world size', () => {
    for (const side of [1000, 1333, 2829]) {
      const grid = new Grid<number>({ width: side, height: side }, 98);
      for (let x = 0; x < side; x += 37) grid.insert(x, 0, x);
      for (let x = 0; x < side; x += 11) {
        const found = new Set(grid.found.slice(0, grid.near(x, 0)));
        for (let item = 0; item < side; item += 37) {
          const d = Math.min(Math.abs(item - x), side - Math.abs(item - x));
          if (d <= 98) expect(found.has(item), `side ${side}: ${item} near ${x}`).toBe(true);
        }
      }
    }
  });
});
