import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@gluster-asteroids/agent-runtime';
import { VERSION_PATTERN } from './game-version.js';
import { liveVersions, planPrune, type ReleaseEntry } from './plan-prune.js';
import { LEASE_DEFAULTS, readLeases } from './release-lease.js';
import { INSTALL_TEMP_PREFIX, RELEASE_INFO, type ReleasePaths } from './release-paths.js';

/** Prefix of a release being removed: renamed away first, so nobody starts using half of one. */
export const PRUNE_TEMP_PREFIX = '.prune-';

/** Options of {@link pruneReleases}. */
export interface PruneReleasesOptions {
  paths: ReleasePaths;
  keep: number;
  /** The version just installed. */
  protect: string;
  logger: Logger;
  /** Wall time (epoch ms), compared with the leases' renewal times. */
  now?: () => number;
  expiryMs?: number;
}

/** The releases on the volume: directories named by a version id, nothing else. */
export async function listReleases(releasesDir: string): Promise<ReleaseEntry[]> {
  const names = (await readdir(releasesDir)).filter((name) => VERSION_PATTERN.test(name));
  const entries = await Promise.all(
    names.map(async (version): Promise<ReleaseEntry | undefined> => {
      const dir = join(releasesDir, version);
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) return undefined;
      const installedAt = await readFile(join(dir, RELEASE_INFO), 'utf8')
        .then((text) => Date.parse((JSON.parse(text) as { installedAt?: string }).installedAt ?? ''))
        .catch(() => Number.NaN);
      return { version, installedAtMs: Number.isNaN(installedAt) ? info.mtimeMs : installedAt };
    }),
  );
  return entries.filter((entry) => entry !== undefined);
}

/**
 * Deletes what a crashed holder of the install lock left in `releases/`: a half-written copy or
 * a release half-removed. Only the lock's holder writes them, so under the lock they are dead.
 */
export async function removeDeadTemps(releasesDir: string): Promise<string[]> {
  const dead = (await readdir(releasesDir)).filter(
    (name) => name.startsWith(INSTALL_TEMP_PREFIX) || name.startsWith(PRUNE_TEMP_PREFIX),
  );
  await Promise.all(dead.map((name) => rm(join(releasesDir, name), { recursive: true, force: true })));
  return dead;
}

/**
 * Removes the releases no container uses (see planPrune), under the install lock, after an
 * install. Each is renamed away first, then the leases are read again: a container of that
 * version that started meanwhile (it writes its lease before it looks for its release) gets it
 * back, and one starting later finds it missing and installs it again. Touches nothing outside
 * `releases/`. Returns the versions removed.
 */
export async function pruneReleases(options: PruneReleasesOptions): Promise<string[]> {
  const { paths, logger } = options;
  const now = options.now ?? Date.now;
  const expiryMs = options.expiryMs ?? LEASE_DEFAULTS.expiryMs;
  const [releases, leases] = await Promise.all([listReleases(paths.releases), readLeases(paths.leases)]);
  const plan = planPrune({
    releases,
    leases,
    keep: options.keep,
    protect: options.protect,
    nowMs: now(),
    expiryMs,
  });
  const parked = new Map<string, string>();
  for (const version of plan.remove) {
    const away = join(paths.releases, `${PRUNE_TEMP_PREFIX}${version}-${randomBytes(4).toString('hex')}`);
    await rename(join(paths.releases, version), away);
    parked.set(version, away);
  }
  const claimedMeanwhile = liveVersions(await readLeases(paths.leases), now(), expiryMs);
  const removed: string[] = [];
  for (const [version, away] of parked) {
    if (claimedMeanwhile.has(version)) {
      await rename(away, join(paths.releases, version));
      logger.info({ version }, `kept release ${version}: a container of that version started meanwhile`);
    } else {
      await rm(away, { recursive: true, force: true });
      removed.push(version);
    }
  }
  await Promise.all(plan.deadLeases.map((name) => rm(join(paths.leases, name), { force: true })));
  if (removed.length > 0) {
    logger.info(
      { removed, kept: plan.kept },
      `removed ${removed.length} game release(s) no container uses: ${removed.join(', ')}`,
    );
  }
  return removed;
}
