import { hostname } from 'node:os';
import { type Clock, type CommandRunner, type Logger, runCommand } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import { installPinned } from './install-pinned.js';
import { installRelease } from './install-release.js';
import type { InstalledGame } from './installed-game.js';
import type { LocalCheckout } from './local-checkout.js';
import { LEASE_DEFAULTS } from './release-lease.js';
import { LOCAL_GAME_ROOT } from './release-paths.js';

/** The settings the install reads from the configuration. */
export type GameInstallConfig = Pick<
  ClientAgentConfig,
  'mountPoint' | 'documentRoot' | 'documentRootPinned' | 'releasesKeep'
>;

/** Options of {@link installGame}. */
export interface InstallGameOptions {
  config: GameInstallConfig;
  /** GAME_REPO: its version (asked early) and a local clone (awaited only to install). */
  checkout: LocalCheckout;
  logger: Logger;
  /** This container's own disk for the game server's copy (default LOCAL_GAME_ROOT). */
  localRoot?: string;
  /** This container's name in leases (default its host name). */
  holder?: string;
  run?: CommandRunner;
  /** Deadline of each copy of the game (default 300 s). */
  copyTimeoutMs?: number;
  /** After how long a silent lock holder is presumed dead (default 60 s). */
  lockStaleMs?: number;
  /** Wall time in epoch ms (default Date.now): leases and install times. */
  now?: () => number;
  /** Drives the lease's renewal interval (default the real clock). */
  clock?: Clock;
  /** Default LEASE_DEFAULTS.renewMs. */
  leaseRenewMs?: number;
  /** Default LEASE_DEFAULTS.expiryMs. */
  leaseExpiryMs?: number;
}

/**
 * Makes sure the game this container serves is on the volume and on its own disk. With
 * HTTP_DOCUMENTROOT unset (the default) that is the version this image ships, in a release
 * directory of its own (installRelease); set, it is the operator's pinned docroot, installed once
 * and never upgraded (installPinned). Returns where nginx and the game server find it.
 */
export function installGame(options: InstallGameOptions): Promise<InstalledGame> {
  const { config } = options;
  const common = {
    mountPoint: config.mountPoint,
    documentRoot: config.documentRoot,
    checkout: options.checkout,
    logger: options.logger,
    localRoot: options.localRoot ?? LOCAL_GAME_ROOT,
    holder: options.holder ?? hostname(),
    run: options.run ?? runCommand,
    copyTimeoutMs: options.copyTimeoutMs ?? 300_000,
    lockStaleMs: options.lockStaleMs,
  };
  if (config.documentRootPinned) return installPinned(common);
  return installRelease({
    ...common,
    keep: config.releasesKeep,
    now: options.now ?? Date.now,
    clock: options.clock,
    leaseRenewMs: options.leaseRenewMs ?? LEASE_DEFAULTS.renewMs,
    leaseExpiryMs: options.leaseExpiryMs ?? LEASE_DEFAULTS.expiryMs,
  });
}
