/** One timed request of a probe: the status, or the error when there was no answer. */
export interface ProbeSample {
  /** Milliseconds since the probe started, when the request was sent. */
  atMs: number;
  /** How long the answer (or the failure) took. */
  durationMs: number;
  /** The HTTP status, or 0 when the request failed (refused, reset, timed out). */
  status: number;
  error?: string;
}

/** GETs `url` once, reading the whole body, and times it; never throws. */
export async function timedGet(
  url: string,
  timeoutMs: number,
  startedAt = performance.now(),
): Promise<ProbeSample> {
  const sent = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { atMs: sent - startedAt, durationMs: performance.now() - sent, status: response.status };
  } catch (error) {
    return {
      atMs: sent - startedAt,
      durationMs: performance.now() - sent,
      status: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** A running probe: `stop()` ends it and returns every sample, in order. */
export interface HttpGapProbe {
  stop(): Promise<ProbeSample[]>;
}

/**
 * Requests `url` back to back (one at a time, `intervalMs` apart) until stopped, to show whether
 * players saw a gap while something was changed underneath. Each request has `timeoutMs`, so a
 * hang shows up as a sample, not as a stuck test.
 */
export function startHttpGapProbe(url: string, { intervalMs = 50, timeoutMs = 5_000 } = {}): HttpGapProbe {
  const startedAt = performance.now();
  const samples: ProbeSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await timedGet(url, timeoutMs, startedAt));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** A short summary for the test log: count, statuses seen, slowest request. */
export function summarize(samples: readonly ProbeSample[]): string {
  const statuses = new Map<number, number>();
  for (const sample of samples) statuses.set(sample.status, (statuses.get(sample.status) ?? 0) + 1);
  const slowest = Math.max(0, ...samples.map((sample) => sample.durationMs));
  const counts = [...statuses].map(([status, count]) => `${status}x${count}`).join(' ');
  return `${samples.length} requests (${counts}), slowest ${slowest.toFixed(0)} ms`;
}
