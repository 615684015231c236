import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type CommandRunner, commandSaid, type Logger, runCommand } from '@gluster-asteroids/agent-runtime';
import lockfile from 'proper-lockfile';
import { InstallError } from './install-errors.js';
import type { LocalCheckout } from './local-checkout.js';

/** Options of {@link installGame}. */
export interface InstallGameOptions {
  documentRoot: string;
  /** GAME_REPO, cloned to local disk (started early; awaited only when the game is missing). */
  checkout: LocalCheckout;
  logger: Logger;
  run?: CommandRunner;
  /** Deadline of the copy onto the volume (default 300 s). */
  copyTimeoutMs?: number;
}

const TEMP_PREFIX = '.install-';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A docroot is usable when it has the browser client's config.js. */
async function assertDocroot(documentRoot: string): Promise<void> {
  if (!(await exists(join(documentRoot, 'client', 'config.js')))) {
    throw new InstallError(
      'GA_DOCROOT_INVALID',
      `HTTP_DOCUMENTROOT ${documentRoot} exists but has no client/config.js. It is left untouched: ` +
        'move it aside to have the game installed again, or point HTTP_DOCUMENTROOT at a game bundle.',
    );
  }
}

/** `cp -R` of the local checkout onto the volume (a new directory; modes kept, owners not). */
async function copyOnto(
  source: string,
  target: string,
  run: CommandRunner,
  timeoutMs: number,
): Promise<void> {
  try {
    await run('cp', ['-R', '--', source, target], { timeoutMs });
  } catch (error) {
    const said = commandSaid(error);
    throw new Error(`Could not copy the game onto the volume (${target}): ${said}`, { cause: error });
  }
}

/**
 * Installs the game onto the volume when HTTP_DOCUMENTROOT is missing: the local checkout of
 * GAME_REPO is checked to be a game bundle, copied into a temporary directory beside the docroot
 * and renamed into place, all under a lock (proper-lockfile: mkdir-based, works across
 * containers on GlusterFS), so two containers starting at once neither both copy nor leave a
 * half-written tree. An existing docroot is never overwritten. Returns what it did.
 */
export async function installGame(options: InstallGameOptions): Promise<'installed' | 'present'> {
  const { documentRoot, checkout, logger } = options;
  if (await exists(documentRoot)) {
    await assertDocroot(documentRoot);
    return 'present';
  }
  const parent = dirname(documentRoot);
  await mkdir(parent, { recursive: true });
  const lockTarget = join(parent, `.${basename(documentRoot)}.install`);
  const release = await lockfile
    .lock(lockTarget, {
      realpath: false,
      // Refreshed every stale/2 while held; a crashed holder's lock is taken over after 60 s.
      stale: 60_000,
      retries: { retries: 120, factor: 1.2, minTimeout: 200, maxTimeout: 2_000 },
    })
    .catch((error: unknown) => {
      throw new InstallError(
        'GA_INSTALL_LOCK_TIMEOUT',
        `Could not take the install lock ${lockTarget}: ${String(error)}`,
        error,
      );
    });
  try {
    if (await exists(documentRoot)) {
      logger.info({ documentRoot }, 'another container installed the game meanwhile');
      await assertDocroot(documentRoot);
      return 'present';
    }
    // Leftovers of a holder that crashed mid-copy: only the lock holder copies, so they are dead.
    for (const entry of await readdir(parent)) {
      if (entry.startsWith(TEMP_PREFIX)) await rm(join(parent, entry), { recursive: true, force: true });
    }
    logger.info({ repo: checkout.repo, documentRoot }, `installing the game from ${checkout.repo}`);
    const source = await checkout.ready();
    if (!(await exists(join(source, 'client', 'config.js')))) {
      throw new InstallError(
        'GA_GAME_REPO_INVALID',
        `GAME_REPO ${checkout.repo} is not a game bundle: it has no client/config.js. Nothing was installed.`,
      );
    }
    const temp = join(parent, `${TEMP_PREFIX}${hostname()}-${randomBytes(4).toString('hex')}`);
    try {
      await copyOnto(source, temp, options.run ?? runCommand, options.copyTimeoutMs ?? 300_000);
      await rename(temp, documentRoot);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    logger.info({ documentRoot }, 'game installed');
    return 'installed';
  } finally {
    await release().catch(() => undefined);
  }
}
