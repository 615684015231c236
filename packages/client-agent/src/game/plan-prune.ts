import type { LeaseFile } from './release-lease.js';

/** A release on the volume, as the pruner sees it. */
export interface ReleaseEntry {
  version: string;
  /** When it was installed (epoch ms), from its .release.json or its directory's mtime. */
  installedAtMs: number;
}

/** What {@link planPrune} decides from. */
export interface PrunePlanInput {
  releases: readonly ReleaseEntry[];
  leases: readonly LeaseFile[];
  /** How many of the newest releases stay whether in use or not. */
  keep: number;
  /** The version just installed: never removed, whatever its age. */
  protect: string;
  nowMs: number;
  /** A lease older than this is dead. */
  expiryMs: number;
}

/** Why a release stays. */
export type KeptBecause = 'installed now' | 'newest' | 'in use';

export interface PrunePlan {
  /** Versions to remove, oldest first. */
  remove: string[];
  kept: { version: string; because: KeptBecause }[];
  /** Lease files no container renews any more. */
  deadLeases: string[];
}

/** The versions some container holds a live lease on, at `nowMs`. */
export function liveVersions(leases: readonly LeaseFile[], nowMs: number, expiryMs: number): Set<string> {
  return new Set(leases.filter((file) => nowMs - file.renewedAtMs <= expiryMs).map((file) => file.version));
}

/**
 * Which releases go: all but the `keep` newest by install time, the one just installed and any a
 * live lease names (a container of that version is serving it). Pure, so the rule is tested alone.
 */
export function planPrune(input: PrunePlanInput): PrunePlan {
  const live = liveVersions(input.leases, input.nowMs, input.expiryMs);
  const newestFirst = [...input.releases].sort(
    (a, b) => b.installedAtMs - a.installedAtMs || a.version.localeCompare(b.version),
  );
  const kept: PrunePlan['kept'] = [];
  const remove: string[] = [];
  newestFirst.forEach(({ version }, index) => {
    if (version === input.protect) kept.push({ version, because: 'installed now' });
    else if (index < input.keep) kept.push({ version, because: 'newest' });
    else if (live.has(version)) kept.push({ version, because: 'in use' });
    else remove.push(version);
  });
  const deadLeases = input.leases
    .filter((file) => input.nowMs - file.renewedAtMs > input.expiryMs)
    .map((file) => file.name);
  return { remove: remove.reverse(), kept, deadLeases };
}
