import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../cluster/spec.js';
import { CreatorTurn, isDesignatedCreator } from './creator-turn.js';

const spec = (self: string, members: string[]): ClusterSpec => ({
  self,
  members,
  volumeName: 'ranchervol',
  replica: members.length + 1,
  arbiter: 0,
  brickPath: '/gluster_volume/brick',
  brickOnRootFs: false,
});

describe('CreatorTurn', () => {
  it('designates the member whose name sorts last, whichever node computes it', () => {
    expect(isDesignatedCreator(spec('gluster03', ['gluster01', 'gluster02']))).toBe(true);
    expect(isDesignatedCreator(spec('gluster02', ['gluster01', 'gluster03']))).toBe(false);
    expect(isDesignatedCreator(spec('GLUSTER02', ['gluster01']))).toBe(true);
  });

  it('lets another node create only after the pool has been complete without a volume for the grace', () => {
    let now = 0;
    const turn = new CreatorTurn(5_000, () => now);
    const other = spec('gluster02', ['gluster01', 'gluster03']);
    expect(turn.mayCreate(other)).toBe(false);
    turn.observe(true);
    now = 4_999;
    expect(turn.mayCreate(other)).toBe(false);
    now = 5_000;
    expect(turn.mayCreate(other)).toBe(true);
    // The pool came apart meanwhile: the grace starts again when it is whole.
    turn.observe(false);
    expect(turn.mayCreate(other)).toBe(false);
  });
});
