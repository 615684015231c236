import { EventEmitter } from 'node:events';
import {
  type Clock,
  type CommandRunner,
  describeError,
  type Logger,
  runCommand,
  systemClock,
} from '@gluster-asteroids/agent-runtime';
import { lazyUnmount } from './glusterfs-mount.js';

/** Where the shared storage stands, as the watchdog sees it. */
export type StorageState = 'mounted' | 'down' | 'remounting' | 'stopped';

/** Options of {@link StorageWatchdog}. */
export interface StorageWatchdogOptions {
  mountPoint: string;
  logger: Logger;
  intervalMs: number;
  /** A check slower than this counts as a hung mount. */
  checkTimeoutMs: number;
  /** Mounts again from the live peers; resolves when mounted (retries on its own). */
  remount: (signal: AbortSignal) => Promise<unknown>;
  /** Called when storage goes down / comes back (nginx's 503 switch). */
  onDown: () => Promise<void>;
  onUp: () => Promise<void>;
  clock?: Clock;
  run?: CommandRunner;
  /** Replaces the check (tests). */
  check?: (mountPoint: string, timeoutMs: number, signal: AbortSignal) => Promise<void>;
}

/**
 * The mount check: `stat` in a child process with a timeout. A stat on a dead FUSE mount can
 * block for the ping timeout; in a child it cannot block the agent's own thread pool, and a stop
 * (the signal) kills it at once instead of waiting for the timeout.
 */
export async function statMount(
  mountPoint: string,
  timeoutMs: number,
  signal: AbortSignal,
  run: CommandRunner = runCommand,
): Promise<void> {
  await run('stat', ['-c', '%i', '--', mountPoint], { timeoutMs, signal });
}

/**
 * Watches the mount on a short interval. On "Transport endpoint is not connected" or a hang it
 * flips nginx to a 503 page at once, lazily unmounts, and remounts from the live peers without
 * restarting the container; when the mount is back, nginx serves the game again.
 */
export class StorageWatchdog extends EventEmitter<{ state: [StorageState] }> {
  private current: StorageState = 'mounted';
  private remountCount = 0;
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: StorageWatchdogOptions) {
    super();
    this.clock = options.clock ?? systemClock;
  }

  get state(): StorageState {
    return this.current;
  }

  /** Remounts done since start. */
  get remounts(): number {
    return this.remountCount;
  }

  start(): void {
    this.loop ??= this.watch();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    this.setState('stopped');
  }

  private setState(state: StorageState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }

  private async watch(): Promise<void> {
    const { signal } = this.controller;
    const check =
      this.options.check ??
      ((mountPoint, timeoutMs, abort) => statMount(mountPoint, timeoutMs, abort, this.options.run));
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.options.intervalMs, signal);
        await check(this.options.mountPoint, this.options.checkTimeoutMs, signal);
      } catch (error) {
        if (signal.aborted) return;
        await this.recover(error).catch((recoverError) => {
          if (!signal.aborted) this.options.logger.error({ err: recoverError }, 'remount failed; will retry');
        });
      }
    }
  }

  private async recover(cause: unknown): Promise<void> {
    const { logger, mountPoint, run } = this.options;
    const { signal } = this.controller;
    this.setState('down');
    logger.error(
      { mountPoint, err: describeError(cause) },
      `storage is down (${describeError(cause)}): serving 503 and remounting from the live peers`,
    );
    await this.options.onDown();
    await lazyUnmount(mountPoint, run);
    this.setState('remounting');
    await this.options.remount(signal);
    this.remountCount++;
    await this.options.onUp();
    this.setState('mounted');
    logger.info({ mountPoint, remounts: this.remountCount }, 'storage is back: serving the game again');
  }
}
