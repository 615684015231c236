import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link waitForQuietCpu}. */
export interface QuietCpuOptions {
  /** Quiet means the machine's CPUs were busy less than this share (0-1) over one window. */
  busyBelow: number;
  /** Length of one sampling window. */
  windowMs: number;
  /** Stop waiting after this long and go on anyway (the machine may just be busy). */
  maxWaitMs: number;
}

/**
 * What the benchmarks wait for before a timed run: the previous run's clean-up (`docker compose
 * down -v`, a game server's exit) keeps both cores busy for 1-2 s here.
 */
export const BENCH_QUIET: QuietCpuOptions = { busyBelow: 0.2, windowMs: 1_000, maxWaitMs: 20_000 };

/** How long the wait took and how busy the last window was. */
export interface QuietCpuResult {
  waitedMs: number;
  /** Busy share (0-1) of all CPUs over the last window. */
  busy: number;
  quiet: boolean;
}

/** Total and idle (idle + iowait) jiffies of all CPUs, from the first line of /proc/stat. */
function cpuJiffies(): { total: number; idle: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
}

/**
 * Waits until the CPUs were mostly idle over one window, or `maxWaitMs` has passed. A run starts
 * right after the previous one's `docker compose down -v`, whose clean-up keeps both cores busy
 * for a second or two here; measured from there, a run times that clean-up too.
 */
export async function waitForQuietCpu(options: QuietCpuOptions): Promise<QuietCpuResult> {
  const started = performance.now();
  for (;;) {
    const before = cpuJiffies();
    await sleep(options.windowMs);
    const after = cpuJiffies();
    const total = after.total - before.total;
    const busy = total > 0 ? 1 - (after.idle - before.idle) / total : 0;
    const waitedMs = performance.now() - started;
    if (busy < options.busyBelow) return { waitedMs, busy, quiet: true };
    if (waitedMs >= options.maxWaitMs) return { waitedMs, busy, quiet: false };
  }
}
