import {
  type Clock,
  describeError,
  hasErrorCode,
  type Logger,
  systemClock,
  TlsErrorCodes,
  type TlsRenewalStatus,
  type TlsStatus,
} from '@gluster-asteroids/agent-runtime';
import { type ScheduledTask, schedule } from 'node-cron';
import { renewalDue } from './renewal-plan.js';

/** One try at renewing: done with the new status, or not now and why. */
export type RenewalAttempt = { renewed: TlsStatus } | { waitingFor: string };

/** What {@link CertificateRenewal} needs from the agent. */
export interface CertificateRenewalDeps {
  logger: Logger;
  renewBeforeDays: number;
  /** The TLS status in use now. */
  current: () => TlsStatus;
  /**
   * Issues a new certificate and restarts this node's gluster processes with it, only while the
   * volume is fully redundant (see renewInPlace); otherwise says what it waits for.
   */
  attempt: (signal: AbortSignal) => Promise<RenewalAttempt>;
  /** The renewed status, for /status and the metrics. */
  onRenewed: (status: TlsStatus) => void;
  /** Pause between tries while the volume is not redundant, or after a failed try (default 15 s). */
  retryMs?: number;
  /** The pauses (default: real time). */
  clock?: Clock;
  /** Wall-clock time, for days left and lastRenewedAt (default: now). */
  now?: () => Date;
}

/**
 * Renews this server's certificate before it expires, in place: an hourly check (at this node's
 * minute) starts a renewal once fewer than GLUSTER_TLS_RENEW_DAYS days are left, and an
 * operator's SIGHUP starts one at once (a rotation). A renewal waits, trying again every
 * `retryMs`, until the volume is fully redundant, so the brick that restarts is never the only
 * copy. One renewal at a time; a stop ends a waiting one.
 */
export class CertificateRenewal {
  private current: TlsRenewalStatus;
  private running: Promise<void> | undefined;
  private task: ScheduledTask | undefined;
  /** A renewal asked for before start(): it runs once the agent has its volume. */
  private early: string | undefined;
  private started = false;
  private readonly controller = new AbortController();
  private readonly clock: Clock;
  private readonly now: () => Date;

  constructor(private readonly deps: CertificateRenewalDeps) {
    this.current = { state: 'idle', renewBeforeDays: deps.renewBeforeDays };
    this.clock = deps.clock ?? systemClock;
    this.now = deps.now ?? (() => new Date());
  }

  /** How the renewal stands, for /status. */
  get status(): TlsRenewalStatus {
    return this.current;
  }

  /** Checks now and then hourly at `cronExpression` whether the certificate is due. */
  start(cronExpression: string): void {
    this.started = true;
    if (this.early) this.request(this.early);
    this.early = undefined;
    this.check();
    this.task = schedule(cronExpression, () => this.check(), { name: 'tls-renewal', noOverlap: true });
  }

  /** Starts a renewal when the certificate is due; returns whether it is. */
  check(): boolean {
    const reason = renewalDue(this.deps.current(), this.deps.renewBeforeDays, this.now());
    if (reason) this.request(reason);
    return reason !== undefined;
  }

  /** Starts a renewal now (an operator's rotation), unless one runs already. */
  request(reason: string): void {
    if (this.deps.current().mode !== 'on') {
      this.deps.logger.warn(
        `not renewing (${reason}): TLS is off (GLUSTER_TLS=off), there is no certificate`,
      );
      return;
    }
    if (!this.started) {
      this.deps.logger.info(
        `a certificate renewal was asked for (${reason}); it starts once this node serves its volume`,
      );
      this.early = reason;
      return;
    }
    if (this.running) {
      this.deps.logger.info(
        `a certificate renewal runs already (${this.current.reason}); not starting another`,
      );
      return;
    }
    this.running = this.renew(reason).finally(() => {
      this.running = undefined;
    });
  }

  /** Ends the schedule and a renewal that waits; one that restarts gluster finishes first. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.task?.destroy();
    await this.running;
  }

  private async renew(reason: string): Promise<void> {
    const { logger } = this.deps;
    const signal = this.controller.signal;
    const retryMs = this.deps.retryMs ?? 15_000;
    this.update({ state: 'waiting', reason, waitingFor: undefined });
    logger.info({ reason }, `renewing this server's certificate: ${reason}`);
    while (!signal.aborted) {
      try {
        const attempt = await this.deps.attempt(signal);
        if ('renewed' in attempt) {
          this.deps.onRenewed(attempt.renewed);
          this.current = {
            state: 'idle',
            renewBeforeDays: this.deps.renewBeforeDays,
            lastRenewedAt: this.now().toISOString(),
          };
          const notAfter = attempt.renewed.mode === 'on' ? attempt.renewed.notAfter : undefined;
          logger.info(
            { notAfter },
            `renewed this server's certificate (valid until ${notAfter}); glusterd and the brick use it`,
          );
          return;
        }
        if (attempt.waitingFor !== this.current.waitingFor) {
          logger.info(
            `the certificate renewal waits for ${attempt.waitingFor}: this node's brick restarts only while the others hold every copy`,
          );
        }
        this.update({ state: 'waiting', waitingFor: attempt.waitingFor });
      } catch (error) {
        if (signal.aborted) return;
        const message = describeError(error);
        this.update({ state: 'waiting', lastError: message });
        if (hasErrorCode(error, TlsErrorCodes.CA_CHANGED)) {
          // Waiting cannot mend this: an operator must, and the old certificate still works.
          logger.error({ err: error }, `not renewing this server's certificate: ${message}`);
          this.update({ state: 'idle' });
          return;
        }
        logger.warn(
          { err: error },
          `renewing this server's certificate failed: ${message}; trying again in ${retryMs / 1000} s`,
        );
      }
      await this.clock.sleep(retryMs, signal).catch(() => undefined);
    }
  }

  private update(change: Partial<TlsRenewalStatus>): void {
    this.current = { ...this.current, ...change };
  }
}
