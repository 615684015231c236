import { type Clock, type Logger, systemClock } from '@gluster-asteroids/agent-runtime';
import { WRITE_PROBLEM_FIXES, type WriteCheck, type WriteProblem } from './write-check.js';

/** Where writing to the volume stands: unknown until the first check, then the last check's answer. */
export type WriteState =
  | { readonly state: 'unknown' }
  | { readonly state: 'writable'; readonly since: string }
  | {
      readonly state: 'not-writable';
      readonly problem: WriteProblem;
      readonly detail: string;
      readonly fix: string;
      readonly since: string;
    };

/** Options of {@link WriteMonitor}. */
export interface WriteMonitorOptions {
  /** One real write on the volume (checkWrite), bounded in time. */
  check: (signal: AbortSignal) => Promise<WriteCheck>;
  /**
   * True only while the volume is mounted: a check of an unmounted mount point would write to the
   * container's own disk, the very thing the outage rules forbid.
   */
  mounted: () => Promise<boolean>;
  intervalMs: number;
  logger: Logger;
  clock?: Clock;
}

/**
 * Checks on an interval that the volume takes a real write, and keeps the answer for /status,
 * /metrics (`asteroids_storage_writable`) and /readyz's notices. A volume that is readable but
 * not writable (full, quorum lost) is still served: the page and the game need reads only, and
 * the game server keeps scores in memory until writing works again. Logs each change once.
 */
export class WriteMonitor {
  private last: WriteState = { state: 'unknown' };
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private running: Promise<WriteState> | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: WriteMonitorOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get state(): WriteState {
    return this.last;
  }

  get writable(): boolean {
    return this.last.state === 'writable';
  }

  /** "not writable: …" while writes fail (the stack's scripts show notices); none otherwise. */
  notices(): string[] {
    const last = this.last;
    return last.state === 'not-writable'
      ? [`not writable since ${last.since}: ${last.fix}; scores wait in the game server's memory`]
      : [];
  }

  /** Checks now (after a mount or a remount); a check already running is shared. */
  checkNow(): Promise<WriteState> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(): void {
    this.loop ??= (async () => {
      const { signal } = this.controller;
      while (!signal.aborted) {
        await this.clock.sleep(this.options.intervalMs, signal).catch(() => undefined);
        if (!signal.aborted) await this.checkNow();
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
    await this.running?.catch(() => undefined);
  }

  private async checkOnce(): Promise<WriteState> {
    const { signal } = this.controller;
    // Unmounted: not a write problem (the watchdog says storage is down); the last answer stays.
    if (signal.aborted || !(await this.options.mounted())) return this.last;
    let check: WriteCheck;
    try {
      check = await this.options.check(signal);
    } catch (error) {
      if (signal.aborted) return this.last;
      check = { writable: false, problem: 'failed', detail: String(error) };
    }
    this.record(check);
    return this.last;
  }

  private record(check: WriteCheck): void {
    const before = this.last;
    const since = new Date().toISOString();
    const { logger } = this.options;
    if (check.writable) {
      if (before.state === 'writable') return;
      this.last = { state: 'writable', since };
      if (before.state === 'not-writable')
        logger.info(
          { problemSince: before.since },
          `the volume takes writes again (it was ${before.problem}): scores are saved again`,
        );
      return;
    }
    const fix = WRITE_PROBLEM_FIXES[check.problem];
    if (before.state === 'not-writable' && before.problem === check.problem) return;
    this.last = { state: 'not-writable', problem: check.problem, detail: check.detail, fix, since };
    // Full, read-only, refused: the volume still reads, so the game is served. Disconnected or
    // hung is the watchdog's business (it switches to the 503 page and remounts).
    const served = ['full', 'read-only', 'not-permitted'].includes(check.problem)
      ? '. The game is still served from it; scores wait in the game server and are saved when writing works again'
      : '';
    logger.error(
      { problem: check.problem, detail: check.detail },
      `the volume does not take writes (${check.problem}: ${check.detail}): ${fix}${served}`,
    );
  }
}
