import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandRunner,
  commandSaid,
  describeError,
  hasErrorCode,
  type Logger,
  RuntimeErrorCodes,
  runCommand,
} from '@gluster-asteroids/agent-runtime';
import { GIT_ENV, readRemoteHead } from './game-version.js';
import { InstallError } from './install-errors.js';

/** Options of {@link createLocalCheckout}. */
export interface LocalCheckoutOptions {
  /** GAME_REPO: any URL or path git clones from. */
  repo: string;
  /** Warned to when GAME_REPO's HEAD cannot be asked without cloning. */
  logger?: Logger;
  run?: CommandRunner;
  /** Default 300 s: a remote GAME_REPO may be slow. */
  timeoutMs?: number;
  /**
   * Deadline of `git ls-remote` (default 15 s). It runs while the volume mounts, so it only
   * delays the start when GAME_REPO hangs; then the version comes from a clone instead.
   */
  headTimeoutMs?: number;
  /** Where the checkout goes (default the OS temp directory: this container's own disk). */
  tempRoot?: string;
  /**
   * Clone at once, while the volume mounts (default: when GAME_REPO is on this container's disk,
   * as the image's own is: ~0.1 s, and this container's copy of the game is then made from it,
   * not read back from the volume). A remote GAME_REPO is cloned only when needed.
   */
  cloneEarly?: boolean;
}

/** A clone on local disk and the commit it checked out. */
export interface CheckoutTree {
  dir: string;
  /** HEAD's commit: the version id of what `dir` holds. */
  commit: string;
}

/** A clone of GAME_REPO on this container's disk, made once, as early as it is likely needed. */
export interface LocalCheckout {
  /** The repository cloned from, for messages. */
  readonly repo: string;
  /** Starts the clone now, if it has not started yet (idempotent, returns at once). */
  prepare(): void;
  /** Starts the clone if needed and resolves with it; rejects with GA_GAME_REPO_UNAVAILABLE/INVALID. */
  ready(): Promise<CheckoutTree>;
  /** The clone if it was started (by prepare(), ready() or cloneEarly), without starting it. */
  started(): Promise<CheckoutTree> | undefined;
  /**
   * The version GAME_REPO ships: the commit of its HEAD, asked with `git ls-remote` as soon as
   * the checkout is created; when that fails, the clone's HEAD (the clone starts then).
   */
  version(): Promise<string>;
  /** Stops git commands still running and deletes the checkout (idempotent, never throws). */
  dispose(): Promise<void>;
}

/** A repository given as a path or file:// URL: cloning it reads this container's disk only. */
export function isOnThisDisk(repo: string): boolean {
  return repo.startsWith('/') || repo.startsWith('file://');
}

/**
 * `git clone --depth 1 --template=` of GAME_REPO into a temporary directory on the container's
 * own disk, to be copied onto the volume when its version is not there yet. The agent calls
 * `prepare()` when the volume cannot be mounted yet (a first start: the servers are still forming
 * the cluster), so the clone runs during that wait; on later starts the volume mounts at once and
 * a remote GAME_REPO is not cloned unless its version turns out to be missing. Which version that
 * is, is asked at creation with `git ls-remote` (~10 ms), which so runs while the volume mounts;
 * a GAME_REPO on this disk (the image's own) is cloned then too (see `cloneEarly`).
 *
 * Why not clone onto the volume: git writes many small files one by one (objects, refs, the
 * index, sample hooks), and every one is a round trip to both bricks. Here a clone onto the
 * mount took 1.5-3.3 s, a clone to local disk 0.5 s, and copying it onto the mount 0.3-0.7 s.
 */
export function createLocalCheckout(options: LocalCheckoutOptions): LocalCheckout {
  const abort = new AbortController();
  const run = options.run ?? runCommand;
  const dirs: string[] = [];
  let cloned: Promise<CheckoutTree> | undefined;
  let cloneFailed = false;
  const git = (args: string[], timeoutMs: number) =>
    run('git', args, { timeoutMs, signal: abort.signal, env: GIT_ENV });
  const clone = async (): Promise<CheckoutTree> => {
    const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'ga-game-'));
    dirs.push(dir);
    const target = join(dir, 'game');
    try {
      // No template: its 16 files (sample hooks, description, info/exclude) serve nothing here,
      // and each is a round trip to both bricks when copied onto the volume (~0.1 s of the copy).
      await git(
        ['clone', '--quiet', '--depth', '1', '--template=', '--', options.repo, target],
        options.timeoutMs ?? 300_000,
      );
    } catch (error) {
      throw new InstallError(
        'GA_GAME_REPO_UNAVAILABLE',
        `Could not clone GAME_REPO ${options.repo}: ${commandSaid(error) || describeError(error)}`,
        error,
      );
    }
    const head = await git(['-C', target, 'rev-parse', '--verify', 'HEAD'], 30_000).catch(
      (error: unknown) => {
        throw new InstallError(
          'GA_GAME_REPO_INVALID',
          `GAME_REPO ${options.repo} has no commit to install (git rev-parse HEAD: ${commandSaid(error)}).`,
          error,
        );
      },
    );
    return { dir: target, commit: head.stdout.trim() };
  };
  const prepare = (): Promise<CheckoutTree> => {
    // A failed clone is tried again when asked for: an early one may have run before a GAME_REPO
    // on the volume was mounted.
    if (!cloned || cloneFailed) {
      cloneFailed = false;
      cloned = clone();
      // Seen by ready(); a clone prepared for nothing (the game was there) may fail unheard.
      cloned.catch(() => {
        cloneFailed = true;
      });
    }
    return cloned;
  };
  const askHead = () =>
    readRemoteHead(options.repo, run, { timeoutMs: options.headTimeoutMs ?? 15_000, signal: abort.signal });
  const earlyHead = askHead();
  // Seen by version(); a checkout disposed unused may fail unheard.
  earlyHead.catch(() => undefined);
  let version: Promise<string> | undefined;
  const resolveVersion = (): Promise<string> => {
    version ??= earlyHead
      // Asked again unless it hung: asked early, a GAME_REPO on the volume was not mounted yet.
      .catch((error: unknown) => {
        if (hasErrorCode((error as Error).cause, RuntimeErrorCodes.COMMAND_TIMEOUT)) throw error;
        return askHead();
      })
      .catch(async (error: unknown) => {
        options.logger?.warn(
          { err: error, repo: options.repo },
          `could not ask GAME_REPO ${options.repo} for its HEAD; cloning it to learn its version`,
        );
        return (await prepare()).commit;
      });
    return version;
  };
  if (options.cloneEarly ?? isOnThisDisk(options.repo)) prepare();
  return {
    repo: options.repo,
    prepare: () => void prepare(),
    ready: prepare,
    started: () => cloned,
    version: resolveVersion,
    async dispose() {
      abort.abort();
      await Promise.allSettled([cloned, earlyHead, version]);
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => undefined)));
    },
  };
}
