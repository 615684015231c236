import { rm, writeFile } from 'node:fs/promises';
import type { Logger } from '@gluster-asteroids/agent-runtime';
import type { ClientAgentConfig } from '../config.js';
import { acquireMount } from './acquire-mount.js';
import { readBrickConnections } from './brick-connections.js';
import { serverAnswers } from './brick-gate.js';
import { BrickMonitor } from './brick-monitor.js';
import { isGlusterfsMounted, lazyUnmount } from './glusterfs-mount.js';
import { StorageWatchdog } from './storage-watchdog.js';
import { logBricksWait, viewAfterWait, waitForBricks } from './wait-for-bricks.js';
import { checkWrite } from './write-check.js';
import { WriteMonitor } from './write-monitor.js';

/**
 * How long the first mount waits for the brick of every answering server to listen: about the
 * client's reconnect interval (3 s), past which mounting at once and waiting for the connection
 * costs no more.
 */
const FIRST_MOUNT_BRICKS_WAIT_MS = 3_000;
/**
 * Between two real writes on the volume: a full brick shows within this, and space that returns
 * too. Two short child processes each time (dd, rm); the score writes themselves say it sooner.
 */
const WRITE_CHECK_INTERVAL_MS = 10_000;

type VolumeConfig = Pick<
  ClientAgentConfig,
  | 'peers'
  | 'volumeName'
  | 'mountPoint'
  | 'brickPort'
  | 'mountTimeoutMs'
  | 'storageBricksWaitMs'
  | 'storageCheckIntervalMs'
  | 'storageCheckTimeoutMs'
>;

/**
 * The shared volume over the container's life: mounted once from the first live peer and
 * connected to every brick that can come, then watched: which bricks the mount reaches, whether
 * it takes writes, and the watchdog that switches nginx to its 503 page and remounts when it
 * fails. Holds the monitors /status and /metrics read; each exists from the step that starts it.
 */
export class ServedVolume {
  bricks: BrickMonitor | undefined;
  writes: WriteMonitor | undefined;
  watchdog: StorageWatchdog | undefined;

  constructor(
    private readonly config: VolumeConfig,
    private readonly logger: Logger,
  ) {}

  /** Mounted, and the last write check succeeded: what `asteroids_storage_writable` says. */
  get writable(): boolean {
    return this.watchdog?.state === 'mounted' && this.writes?.writable === true;
  }

  /** True while the volume is mounted here (/proc/self/mounts, no I/O on the volume). */
  isMounted(): Promise<boolean> {
    return isGlusterfsMounted(this.config.mountPoint);
  }

  /**
   * Mounts for serving, retrying until MOUNT_TIMEOUT_S (`onRetry`: not mountable yet, most likely
   * a first start), then waits until the mount is connected to every brick that can come and
   * checks that it takes writes. Only then may anything be written: at a first start the second
   * brick connects ~1 s after the first, and a game installed before that lived on one brick
   * until the self-heal daemon copied it; its server stopped meanwhile took the game with it
   * (404/500 for ~9 s). A full or read-only volume is still served: it is readable.
   */
  async mount(signal: AbortSignal, onRetry: () => void): Promise<void> {
    const { config, logger } = this;
    await acquireMount({
      ...this.mountOptions(),
      deadlineMs: config.mountTimeoutMs,
      signal,
      onRetry,
      // The bricks start ~1 s apart: mounting once all listen connects to all at once, instead
      // of at the client's reconnect ~3 s later (which waitForBricks below would sit through).
      everyBrickWaitMs: FIRST_MOUNT_BRICKS_WAIT_MS,
    });
    // Here only: a remount must not wait.
    const bricksWait = await waitForBricks({
      read: () => this.readBricks(),
      serverAnswers: (host) => serverAnswers(host),
      maxWaitMs: config.storageBricksWaitMs,
      // A fresh mount reaches a brick that just became ready at once; nothing uses this one yet.
      // Bounded: a failed one is mended below, never installed over.
      reconnect: async () => {
        await acquireMount({ ...this.mountOptions(), deadlineMs: 5_000, signal }).catch((error: unknown) =>
          logger.warn({ err: error }, 'remounting to reach every brick failed'),
        );
      },
      signal,
    });
    // Never install onto the container's own disk: a reconnect that failed left nothing mounted.
    if (!(await this.isMounted())) {
      await acquireMount({ ...this.mountOptions(), deadlineMs: config.mountTimeoutMs, signal });
    }
    logBricksWait(bricksWait, logger, config.volumeName);
    this.bricks = new BrickMonitor({
      read: () => this.readBricks(),
      intervalMs: config.storageCheckIntervalMs,
      logger,
      initial: viewAfterWait(bricksWait),
    });
    this.bricks.start();
    this.writes = new WriteMonitor({
      check: (abort) =>
        checkWrite(config.mountPoint, { timeoutMs: config.storageCheckTimeoutMs, signal: abort }),
      mounted: () => this.isMounted(),
      intervalMs: WRITE_CHECK_INTERVAL_MS,
      logger,
    });
    await this.writes.checkNow();
  }

  /**
   * Watches the mount from now on: on failure nginx serves its 503 page (the `storageDownFlag`
   * file), the volume is remounted from the live peers, and the game is served again.
   */
  watch(storageDownFlag: string): void {
    const { config, logger } = this;
    this.watchdog = new StorageWatchdog({
      mountPoint: config.mountPoint,
      logger,
      intervalMs: config.storageCheckIntervalMs,
      checkTimeoutMs: config.storageCheckTimeoutMs,
      remount: (signal) =>
        acquireMount({ ...this.mountOptions(), deadlineMs: Number.POSITIVE_INFINITY, signal }),
      onDown: async () => {
        await writeFile(storageDownFlag, new Date().toISOString());
      },
      onUp: async () => {
        await rm(storageDownFlag, { force: true });
        void this.writes?.checkNow();
      },
    });
    this.watchdog.start();
    this.writes?.start();
  }

  /** Stops watching (each monitor's child process is killed at once) and unmounts lazily. */
  async stop(): Promise<void> {
    await this.watchdog?.stop();
    await this.bricks?.stop();
    await this.writes?.stop();
  }

  /** Lazily, so a hung mount cannot hold the stop; after the programs that use it have stopped. */
  unmount(): Promise<void> {
    return lazyUnmount(this.config.mountPoint);
  }

  private mountOptions() {
    const { config, logger } = this;
    return {
      peers: config.peers,
      volume: config.volumeName,
      mountPoint: config.mountPoint,
      brickPort: config.brickPort,
      logger,
    };
  }

  private readBricks() {
    return readBrickConnections({ mountPoint: this.config.mountPoint, volume: this.config.volumeName });
  }
}
