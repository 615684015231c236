import { describe, expect, it } from 'vitest';
import { closeDetail } from './connection.js';

describe('closeDetail', () => {
  it('says "server full" for a 1013 close, whatever its reason text', () => {
    expect(closeDetail(1013, 'server full')).toBe('server full');
    expect(closeDetail(1013, 'full')).toBe('server full');
    expect(closeDetail(1013, '')).toBe('server full');
  });

  it("shows other closes' reasons, or their code when they have none", () => {
    expect(closeDetail(1008, 'abuse')).toBe('abuse');
    expect(closeDetail(1006, '')).toBe('closed (1006)');
  });
});
