import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type CommandRunner, commandSaid, type Logger } from '@gluster-asteroids/agent-runtime';
import { InstallError } from './install-errors.js';
import { withInstallLock } from './install-lock.js';
import type { InstalledGame } from './installed-game.js';
import type { LocalCheckout } from './local-checkout.js';
import { ensureLocalCopy } from './local-game-copy.js';
import { exists, INSTALL_TEMP_PREFIX, isGameBundle, releasePaths } from './release-paths.js';

/** Options of {@link installPinned}; install-game.ts fills in the defaults. */
export interface InstallPinnedOptions {
  mountPoint: string;
  /** HTTP_DOCUMENTROOT, set by the operator. */
  documentRoot: string;
  checkout: LocalCheckout;
  logger: Logger;
  localRoot: string;
  holder: string;
  run: CommandRunner;
  copyTimeoutMs: number;
  lockStaleMs: number | undefined;
}

/** A docroot is usable when it has the browser client's config.js. */
async function assertDocroot(documentRoot: string): Promise<void> {
  if (!(await isGameBundle(documentRoot))) {
    throw new InstallError(
      'GA_DOCROOT_INVALID',
      `HTTP_DOCUMENTROOT ${documentRoot} exists but has no client/config.js. It is left untouched: ` +
        'move it aside to have the game installed again, or point HTTP_DOCUMENTROOT at a game bundle.',
    );
  }
}

/** `cp -R` of the whole checkout (history included: an operator may pull into it) onto the volume. */
async function copyOnto(source: string, target: string, options: InstallPinnedOptions, signal: AbortSignal) {
  try {
    await options.run('cp', ['-R', '--', source, target], { timeoutMs: options.copyTimeoutMs, signal });
  } catch (error) {
    const said = commandSaid(error);
    throw new Error(`Could not copy the game onto the volume (${target}): ${said}`, { cause: error });
  }
}

/**
 * The operator's pinned HTTP_DOCUMENTROOT, as before releases: installed from the local
 * checkout when missing (copied into a temporary directory beside it and renamed into place,
 * under the install lock), never overwritten, so upgrades of the image do not reach it. The game
 * server runs from a fresh local copy of it, made at every start (it may have been edited).
 */
export async function installPinned(options: InstallPinnedOptions): Promise<InstalledGame> {
  const { documentRoot, logger } = options;
  logger.info(
    { documentRoot },
    `HTTP_DOCUMENTROOT is pinned at ${documentRoot}: installed once if missing, never overwritten, ` +
      'so upgrades of the image do not reach it (unset it to serve each image its own game version)',
  );
  // The leaderboard's directory, which the game server never creates.
  await mkdir(releasePaths(options.mountPoint).gameData, { recursive: true });
  let outcome: InstalledGame['outcome'] = 'present';
  if (await exists(documentRoot)) await assertDocroot(documentRoot);
  else outcome = await installMissing(options);
  if (outcome === 'present') logger.info({ documentRoot }, 'the game is already on the volume');
  const local = await ensureLocalCopy({
    localRoot: options.localRoot,
    name: 'pinned',
    source: documentRoot,
    refresh: true,
    run: options.run,
    timeoutMs: options.copyTimeoutMs,
  });
  return { outcome, version: undefined, documentRoot, gameDir: local.dir, lease: undefined };
}

async function installMissing(options: InstallPinnedOptions): Promise<InstalledGame['outcome']> {
  const { documentRoot, checkout, logger } = options;
  const parent = dirname(documentRoot);
  await mkdir(parent, { recursive: true });
  const lockTarget = join(parent, `.${basename(documentRoot)}.install`);
  const staleMs = options.lockStaleMs;
  return withInstallLock({ lockTarget, logger, ...(staleMs ? { staleMs } : {}) }, async (lock) => {
    if (await exists(documentRoot)) {
      logger.info({ documentRoot }, 'another container installed the game meanwhile');
      await assertDocroot(documentRoot);
      return 'present';
    }
    // Leftovers of a holder that crashed mid-copy: only the lock holder copies, so they are dead.
    for (const entry of await readdir(parent)) {
      if (entry.startsWith(INSTALL_TEMP_PREFIX))
        await rm(join(parent, entry), { recursive: true, force: true });
    }
    logger.info({ repo: checkout.repo, documentRoot }, `installing the game from ${checkout.repo}`);
    const source = (await checkout.ready()).dir;
    if (!(await isGameBundle(source))) {
      throw new InstallError(
        'GA_GAME_REPO_INVALID',
        `GAME_REPO ${checkout.repo} is not a game bundle: it has no client/config.js. Nothing was installed.`,
      );
    }
    const temp = join(parent, `${INSTALL_TEMP_PREFIX}${options.holder}-${randomBytes(4).toString('hex')}`);
    try {
      await copyOnto(source, temp, options, lock.signal);
      lock.assertHeld();
      await rename(temp, documentRoot);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    logger.info({ documentRoot }, 'game installed');
    return 'installed';
  });
}
