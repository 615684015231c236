import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, CommandRunner, Logger } from '@gluster-asteroids/agent-runtime';
import { copyGameTree } from './copy-game-tree.js';
import { pointDocumentRoot } from './docroot-link.js';
import { InstallError } from './install-errors.js';
import { type HeldLock, withInstallLock } from './install-lock.js';
import type { InstalledGame } from './installed-game.js';
import type { LocalCheckout } from './local-checkout.js';
import { ensureLocalCopy } from './local-game-copy.js';
import { pruneReleases, removeDeadTemps } from './prune-releases.js';
import { ReleaseLease } from './release-lease.js';
import {
  exists,
  INSTALL_TEMP_PREFIX,
  isGameBundle,
  RELEASE_INFO,
  type ReleasePaths,
  releasePaths,
} from './release-paths.js';

/** Options of {@link installRelease}; install-game.ts fills in the defaults. */
export interface InstallReleaseOptions {
  mountPoint: string;
  /** The link nginx serves, pointed at the release (config.documentRoot). */
  documentRoot: string;
  /** GAME_RELEASES_KEEP: releases kept by age, besides those in use. */
  keep: number;
  checkout: LocalCheckout;
  logger: Logger;
  /** This container's disk (LOCAL_GAME_ROOT). */
  localRoot: string;
  /** This container's name in its lease and temporary directories (its host name). */
  holder: string;
  run: CommandRunner;
  copyTimeoutMs: number;
  lockStaleMs: number | undefined;
  /** Wall time (epoch ms), written into leases and compared with others'. */
  now: () => number;
  leaseExpiryMs: number;
  leaseRenewMs: number;
  clock: Clock | undefined;
}

/** The outcome of the part done under the install lock. */
interface Locked {
  version: string;
  outcome: 'installed' | 'present';
  /** This container's copy of that version. */
  local: { dir: string };
}

/**
 * Serves the game version this image ships, installing it onto the volume once: the version is
 * GAME_REPO's HEAD commit (asked while the volume mounted), its release `<mount>/asteroids/
 * releases/<version>/`. On the usual path the release is there and this costs a lease write and
 * a listing, while this container's copy of the release is made (none after a `docker restart`).
 * Otherwise the local checkout is copied into a temporary directory beside the releases and
 * renamed into place under the install lock, and releases no container uses are pruned. Then the
 * document root link is pointed at the release. The legacy `<mount>/asteroids/documentroot` is
 * left alone.
 */
export async function installRelease(options: InstallReleaseOptions): Promise<InstalledGame> {
  const { logger } = options;
  const began = performance.now();
  const paths = releasePaths(options.mountPoint);
  let version = await options.checkout.version();
  const legacy = exists(paths.legacyDocumentRoot);
  // Side by side, as both take a few round trips to the bricks: the lease (its first write
  // creates releases/.leases and <mount>/asteroids, the leaderboard's directory, which the game
  // server never makes), and this container's copy of the game (kept from its last run, else
  // from a clone made while the volume mounted, else read from the release, failing if missing).
  const [claimed, copied] = await Promise.all([
    claim(options, paths, version),
    ensureLocalCopy({
      ...localCopyOf(options, version),
      source: () => sourceOf(options, paths, version),
    }).then(
      (copy) => copy,
      () => undefined, // the release is missing (installed below), or made again below
    ),
  ]);
  let lease = claimed;
  let local: { dir: string } | undefined;
  let outcome: InstalledGame['outcome'] = 'present';
  // Looked up once the lease is written, and by a listing, which the kernel does not cache: a
  // pruner has either seen the lease (it leaves the release, or puts it back) or moved the
  // release away already, and then it is installed again below.
  if (await isListed(paths.releases, version)) {
    // A copy that raced a pruner (which put the release back on seeing the lease) is made again.
    local =
      copied ??
      (await ensureLocalCopy({ ...localCopyOf(options, version), source: join(paths.releases, version) }));
  } else {
    const locked = await withInstallLock(
      {
        lockTarget: paths.lockTarget,
        logger,
        ...(options.lockStaleMs ? { staleMs: options.lockStaleMs } : {}),
      },
      (lock) => installLocked(options, paths, version, lock),
    );
    if (locked.version !== version) lease = await claim(options, paths, locked.version);
    ({ version, outcome, local } = locked);
  }
  const documentRoot = join(paths.releases, version);
  await pointDocumentRoot(options.documentRoot, documentRoot);
  if (await legacy) {
    logger.info(
      { legacyDocumentRoot: paths.legacyDocumentRoot },
      `${paths.legacyDocumentRoot} is no longer used (each image serves its own release under ` +
        `${paths.releases}); it can be removed`,
    );
  }
  const fields = { version, documentRoot, gameDir: local.dir, tookMs: Math.round(performance.now() - began) };
  if (outcome === 'present') logger.info(fields, 'the game is already on the volume');
  else logger.info(fields, `serving game release ${version}`);
  return { outcome, version, documentRoot, gameDir: local.dir, lease };
}

/**
 * This container's claim on `version`, written now (see ReleaseLease). A volume that takes no
 * writes (full, read-only) is still served when the release is on it: the failure is logged and
 * the renewals try again.
 */
async function claim(options: InstallReleaseOptions, paths: ReleasePaths, version: string) {
  const lease = new ReleaseLease({
    leasesDir: paths.leases,
    holder: options.holder,
    version,
    logger: options.logger,
    intervalMs: options.leaseRenewMs,
    now: options.now,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await lease
    .renew()
    .catch((error: unknown) =>
      options.logger.warn(
        { err: error, lease: lease.path },
        'could not write the lease on this game release: until a renewal succeeds, another ' +
          "container's install may prune it",
      ),
    );
  return lease;
}

function localCopyOf(options: InstallReleaseOptions, version: string) {
  return { localRoot: options.localRoot, name: version, run: options.run, timeoutMs: options.copyTimeoutMs };
}

/** The early clone of GAME_REPO when it holds `version` (local disk), else the release on the volume. */
async function sourceOf(options: InstallReleaseOptions, paths: ReleasePaths, version: string) {
  const early = await options.checkout.started()?.catch(() => undefined);
  return early?.commit === version ? early.dir : join(paths.releases, version);
}

/** Whether `releases/` lists `version`: releases are renamed into place whole, so listed is complete. */
async function isListed(releasesDir: string, version: string): Promise<boolean> {
  return (await readdir(releasesDir).catch((): string[] => [])).includes(version);
}

/** Under the install lock: the release is checked again, then copied and renamed into place. */
async function installLocked(
  options: InstallReleaseOptions,
  paths: ReleasePaths,
  asked: string,
  lock: HeldLock,
): Promise<Locked> {
  const { checkout, logger } = options;
  const dead = await removeDeadTemps(paths.releases);
  if (dead.length > 0) logger.info({ removed: dead }, 'removed what a crashed install left behind');
  const fromVolume = async (version: string): Promise<Locked> => ({
    version,
    outcome: 'present',
    local: await ensureLocalCopy({ ...localCopyOf(options, version), source: join(paths.releases, version) }),
  });
  if (await isGameBundle(join(paths.releases, asked))) {
    logger.info({ version: asked }, 'another container installed the game meanwhile');
    return fromVolume(asked);
  }
  logger.info({ repo: checkout.repo, version: asked }, `installing the game from ${checkout.repo}`);
  const tree = await checkout.ready();
  // GAME_REPO moved on between ls-remote and the clone: what is installed is what was cloned.
  const version = tree.commit;
  const release = join(paths.releases, version);
  if (version !== asked) {
    logger.info({ asked, cloned: version }, `GAME_REPO's HEAD is now ${version}; installing that`);
    if (await isGameBundle(release)) return fromVolume(version);
  }
  if (!(await isGameBundle(tree.dir))) {
    throw new InstallError(
      'GA_GAME_REPO_INVALID',
      `GAME_REPO ${checkout.repo} is not a game bundle: it has no client/config.js. Nothing was installed.`,
    );
  }
  const temp = join(
    paths.releases,
    `${INSTALL_TEMP_PREFIX}${options.holder}-${randomBytes(4).toString('hex')}`,
  );
  // This container's own copy, from the checkout on local disk, while the volume's is written.
  const local = ensureLocalCopy({ ...localCopyOf(options, version), source: tree.dir });
  local.catch(() => undefined); // awaited below, once the release is in place
  try {
    await copyGameTree(tree.dir, temp, {
      run: options.run,
      timeoutMs: options.copyTimeoutMs,
      signal: lock.signal,
    });
    const info = {
      version,
      repo: checkout.repo,
      installedAt: new Date(options.now()).toISOString(),
      installedBy: options.holder,
    };
    await writeFile(join(temp, RELEASE_INFO), `${JSON.stringify(info)}\n`);
    lock.assertHeld();
    await rename(temp, release);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  logger.info({ version, release }, 'game installed');
  // Lost after the rename: the release is complete; pruning is left to the next install.
  if (!lock.signal.aborted) {
    await pruneReleases({
      paths,
      keep: options.keep,
      protect: version,
      logger,
      now: options.now,
      expiryMs: options.leaseExpiryMs,
    }).catch((error: unknown) => logger.warn({ err: error }, 'pruning old game releases failed'));
  }
  return { version, outcome: 'installed', local: await local };
}
