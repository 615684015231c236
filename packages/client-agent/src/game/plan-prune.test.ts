import { describe, expect, it } from 'vitest';
import { planPrune, type ReleaseEntry } from './plan-prune.js';
import type { LeaseFile } from './release-lease.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');
const v = (n: number) => String(n).repeat(40).slice(0, 40);

/** Releases v(1)..v(n), v(n) the newest, installed a minute apart. */
function releases(n: number): ReleaseEntry[] {
  return Array.from({ length: n }, (_, i) => ({ version: v(i + 1), installedAtMs: NOW - (n - i) * MINUTE }));
}

function lease(version: string, ageMs: number): LeaseFile {
  return { name: `host@${version}.json`, version, renewedAtMs: NOW - ageMs };
}

const base = { keep: 3, nowMs: NOW, expiryMs: 10 * MINUTE };

describe('planPrune', () => {
  it('keeps the newest releases and removes the rest, oldest first', () => {
    const plan = planPrune({ ...base, releases: releases(6), leases: [], protect: v(6) });
    expect(plan.remove).toEqual([v(1), v(2), v(3)]);
    expect(plan.kept).toEqual([
      { version: v(6), because: 'installed now' },
      { version: v(5), because: 'newest' },
      { version: v(4), because: 'newest' },
    ]);
  });

  it('keeps an old release a live lease names, and removes one whose lease is dead', () => {
    const plan = planPrune({
      ...base,
      releases: releases(6),
      leases: [lease(v(1), 9 * MINUTE), lease(v(2), 11 * MINUTE)],
      protect: v(6),
    });
    expect(plan.remove).toEqual([v(2), v(3)]);
    expect(plan.kept).toContainEqual({ version: v(1), because: 'in use' });
    expect(plan.deadLeases).toEqual([`host@${v(2)}.json`]);
  });

  it('never removes the release just installed, even when it is not the newest', () => {
    const plan = planPrune({ ...base, keep: 1, releases: releases(3), leases: [], protect: v(1) });
    expect(plan.remove).toEqual([v(2)]);
  });
});
