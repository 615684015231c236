import { describeError, type Logger } from '@gluster-asteroids/agent-runtime';
import { type ScheduledTask, schedule } from 'node-cron';
import { healTotals } from '../cli/heal.js';
import {
  MAINTENANCE_FILE,
  MAINTENANCE_OPTION,
  type Maintenance,
  maintenanceFrom,
  maintenanceNotice,
  readNodeFlag,
} from '../maintenance/maintenance.js';
import { type ConvergeDeps, convergeOnce } from './converge.js';

/**
 * Keeps the cluster as configured after bootstrap, on a node-cron schedule: re-probes peers that
 * left the pool, restarts this node's brick if its process died, reads heal counts. Logs only
 * changes (a new error, a heal count that moved), not every round.
 */
export class Reconciler {
  private task: ScheduledTask | undefined;
  private lastLogged = '';
  private readonly controller = new AbortController();
  /** Rounds and exclusive work run one after the other, never side by side. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: ConvergeDeps,
    private readonly cronExpression: string,
    private readonly maintenanceFile = MAINTENANCE_FILE,
  ) {}

  start(): void {
    this.task = schedule(this.cronExpression, () => this.round(), { name: 'reconcile', noOverlap: true });
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.task?.destroy();
  }

  /** One reconcile round, after whatever runs now; never throws (the state carries the error). */
  round(): Promise<void> {
    return this.serially(() => this.roundNow());
  }

  /**
   * Runs `work` with no round beside it, then a round at once so the state shows its outcome,
   * e.g. a restart of this node's gluster processes (a round meanwhile would see glusterd gone,
   * and repair what is only restarting). `work` may call `roundInside` for a fresh look.
   */
  exclusive<T>(work: (roundInside: () => Promise<void>) => Promise<T>): Promise<T> {
    return this.serially(async () => {
      try {
        return await work(() => this.roundNow());
      } finally {
        await this.roundNow();
      }
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async roundNow(): Promise<void> {
    const { cli, config, state, logger } = this.deps;
    const signal = this.controller.signal;
    try {
      const maintenance = await this.maintenanceNow();
      // Never creates: a volume missing after bootstrap was lost or deleted, and a new one would
      // stamp a new volume-id onto bricks that hold the old one's data. In maintenance it only looks.
      await convergeOnce(this.deps, signal, {
        mayCreate: false,
        mode: maintenance.on ? 'observe' : 'act-and-refresh',
      });
      if (state.snapshot.volume?.status === 'Started') {
        const summary = await cli.healInfoSummary(config.volumeName, { signal });
        const totals = healTotals(summary);
        state.update({ heal: { ...totals, perBrick: summary.bricks }, lastError: undefined });
      } else {
        state.update({ lastError: undefined });
      }
      this.logChange(logger, 'info', `reconcile: ${state.snapshot.phase}`, {
        phase: state.snapshot.phase,
        heal: state.snapshot.heal && {
          pending: state.snapshot.heal.pending,
          splitBrain: state.snapshot.heal.splitBrain,
        },
        redundant: state.snapshot.redundancy.redundant,
        notes: state.snapshot.notes,
      });
    } catch (error) {
      if (signal.aborted) return;
      const message = describeError(error);
      state.update({ lastError: message });
      this.logChange(logger, 'warn', `reconcile round failed: ${message}; retrying on schedule`, {});
    }
  }

  /** The maintenance in force for this round, recorded in the state; a change is logged. */
  private async maintenanceNow(): Promise<Maintenance> {
    const { config, state, logger } = this.deps;
    const maintenance = maintenanceFrom({
      variable: config.maintenance,
      node: await readNodeFlag(this.maintenanceFile),
      volumeOption: state.snapshot.volume?.options[MAINTENANCE_OPTION],
    });
    const before = state.snapshot.maintenance;
    if (JSON.stringify(before) !== JSON.stringify(maintenance)) {
      if (maintenance.on) logger.warn({ maintenance }, maintenanceNotice(maintenance));
      else logger.info('maintenance is over: the agent keeps the cluster as configured again');
      state.update({ maintenance });
    }
    return maintenance;
  }

  private logChange(logger: Logger, level: 'info' | 'warn', message: string, fields: object): void {
    const key = `${level}:${message}:${JSON.stringify(fields)}`;
    if (key === this.lastLogged) return;
    this.lastLogged = key;
    logger[level](fields, message);
  }
}
