import { describe, expect, it } from 'vitest';
import { ConnectionLimit } from './connection-limit.js';

describe('ConnectionLimit', () => {
  it('admits connections up to the cap and refuses the next until one closes', () => {
    const limit = new ConnectionLimit(2, 10);
    expect(limit.refusalIfFull()).toBeUndefined();
    expect([limit.admit(), limit.admit(), limit.admit()]).toEqual([true, true, false]);
    expect(limit.open).toBe(2);
    limit.release();
    expect(limit.admit()).toBe(true);
  });

  it('refuses with a close the browser can read, and with a plain 503 once too many closes are under way', () => {
    const limit = new ConnectionLimit(1, 2);
    limit.admit();
    expect(limit.refusalIfFull()).toBe('close');
    expect([limit.admit(), limit.admit()]).toEqual([false, false]);
    expect(limit.refusalIfFull()).toBe('http');
    limit.refusalEnded();
    expect(limit.refusalIfFull()).toBe('close');
  });
});
