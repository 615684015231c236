import { type Clock, describeError, type Logger, systemClock } from '@gluster-asteroids/agent-runtime';
import type { BrickConnection } from './brick-connections.js';

/** The monitor's last look at the mount's bricks. */
export type BrickView =
  | { state: 'unknown' }
  | { state: 'read'; bricks: readonly BrickConnection[] }
  | { state: 'unreadable'; error: string };

/** Options of {@link BrickMonitor}. */
export interface BrickMonitorOptions {
  /** Reads the mount's brick connections (bounded in time: readBrickConnections). */
  read: () => Promise<BrickConnection[]>;
  intervalMs: number;
  logger: Logger;
  /** A look made before (the start-up wait, which logged it): the first answer needs no interval. */
  initial?: BrickView;
  clock?: Clock;
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** True when the view shows at least one brick and every brick connected. */
export function isRedundant(view: BrickView): boolean {
  return view.state === 'read' && view.bricks.length > 0 && view.bricks.every((brick) => brick.connected);
}

/**
 * What an operator should know about the view, as sentences starting with "not redundant" (the
 * stack's scripts look for those words); none while redundant or before the first look.
 */
export function redundancyNotices(view: BrickView): string[] {
  if (view.state === 'unknown' || isRedundant(view)) return [];
  if (view.state === 'unreadable')
    return [`not redundant: the mount's brick connections could not be read (${view.error})`];
  const missing = view.bricks.filter((brick) => !brick.connected).map((brick) => brick.name);
  if (missing.length === 0) return ['not redundant: the mount shows no bricks'];
  return [
    missing.length === 1
      ? `not redundant: brick ${missing[0]} is not connected`
      : `not redundant: bricks ${listOf(missing)} are not connected`,
  ];
}

/**
 * Reads which bricks the mount is connected to on an interval and keeps the last result, so
 * /status, /metrics and /readyz's notices answer from memory (no mount I/O at scrape time).
 * Logs when the volume stops or starts being redundant, once per change.
 */
export class BrickMonitor {
  private last: BrickView;
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: BrickMonitorOptions) {
    this.clock = options.clock ?? systemClock;
    this.last = options.initial ?? { state: 'unknown' };
  }

  /** The last look. */
  get view(): BrickView {
    return this.last;
  }

  /** The bricks of the last successful look (none before it or after a failed one). */
  get bricks(): readonly BrickConnection[] {
    return this.last.state === 'read' ? this.last.bricks : [];
  }

  get redundant(): boolean {
    return isRedundant(this.last);
  }

  notices(): string[] {
    return redundancyNotices(this.last);
  }

  private record(view: BrickView): void {
    const before = redundancyNotices(this.last);
    const wasRedundant = isRedundant(this.last);
    this.last = view;
    const after = redundancyNotices(view);
    const { logger } = this.options;
    if (after.join() !== before.join() && after.length > 0)
      logger.warn({ bricks: this.bricks }, after.join('; '));
    else if (!wasRedundant && isRedundant(view))
      logger.info(
        { bricks: this.bricks },
        `the mount is connected to all ${this.bricks.length} bricks: the volume is redundant again`,
      );
  }

  start(): void {
    this.loop ??= (async () => {
      const { signal } = this.controller;
      while (!signal.aborted) {
        await this.clock.sleep(this.options.intervalMs, signal).catch(() => undefined);
        if (signal.aborted) return;
        try {
          this.record({ state: 'read', bricks: await this.options.read() });
        } catch (error) {
          if (!signal.aborted) this.record({ state: 'unreadable', error: describeError(error) });
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }
}
