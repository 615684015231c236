/**
 * The last N tick durations, for exact p50/p99 in /healthz and the benchmark (the Prometheus
 * histogram only gives bucketed estimates).
 */
export class TickStats {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(size = 2000) {
    this.samples = new Float64Array(size);
  }

  record(ms: number): void {
    this.samples[this.count % this.samples.length] = ms;
    this.count += 1;
  }

  /** Quantile q in [0, 1] over the kept window, or 0 with no samples. */
  quantile(q: number): number {
    const n = Math.min(this.count, this.samples.length);
    if (n === 0) return 0;
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    return sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  }

  reset(): void {
    this.count = 0;
  }
}
