/** What every background probe reports for one scenario. */
export interface ProbeFigures {
  /** Which probe: page, asset, player, writer. */
  name: string;
  /** Requests sent (HTTP), messages received (player), writes attempted (writer). */
  attempts: number;
  /** Requests without a 2xx/3xx answer, disconnects, or writes not acknowledged. */
  failed: number;
  /**
   * Longest time without a success. The probe's start and stop count as successes, so a probe
   * that never recovered before it was stopped shows the whole outage, not zero.
   */
  longestGapMs: number;
}

/** Follows successes and failures of one probe on the `performance.now()` clock. */
export class GapTracker {
  private lastSuccess: number;
  private longest = 0;
  private attemptCount = 0;
  private failureCount = 0;

  constructor(
    readonly name: string,
    startedAt = performance.now(),
  ) {
    this.lastSuccess = startedAt;
  }

  /** A success observed at `at` (default now): closes the current gap. */
  success(at = performance.now()): void {
    this.attemptCount += 1;
    this.longest = Math.max(this.longest, at - this.lastSuccess);
    this.lastSuccess = Math.max(this.lastSuccess, at);
  }

  /** A failed attempt: counted; the gap keeps growing until the next success. */
  failure(): void {
    this.attemptCount += 1;
    this.failureCount += 1;
  }

  /** Figures up to `endedAt` (default now), which closes the last gap. */
  figures(endedAt = performance.now()): ProbeFigures {
    return {
      name: this.name,
      attempts: this.attemptCount,
      failed: this.failureCount,
      longestGapMs: Math.round(Math.max(this.longest, endedAt - this.lastSuccess)),
    };
  }
}
