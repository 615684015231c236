import { GapTracker, type ProbeFigures } from './probes/gap-tracker.js';

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
  /** Stops the probe and returns its figures (failed requests, longest gap between successes). */
  finish(): Promise<ProbeFigures>;
}

/** Options of `startHttpGapProbe`. */
export interface HttpGapProbeOptions {
  /** Pause after each answer before the next request (default 50 ms). */
  intervalMs?: number;
  /** Per-request timeout: a hang shows up as a failed sample, never as a stuck test (default 5 s). */
  timeoutMs?: number;
  /** The probe stops by itself after this long, whatever happens to the caller (default 10 min). */
  maxDurationMs?: number;
  /** Name in the figures (default: the URL's path). */
  name?: string;
}

/** 2xx and 3xx are answers a player can use; anything else (or no answer) is a failed request. */
export function isSuccess(sample: ProbeSample): boolean {
  return sample.status >= 200 && sample.status < 400;
}

/**
 * Requests `url` back to back (one at a time, `intervalMs` apart) until stopped, to show whether
 * players saw a gap while something was changed underneath. `url` may be a function, read before
 * every request, for a target whose host port changes when its container is restarted.
 */
export function startHttpGapProbe(
  url: string | (() => string),
  { intervalMs = 50, timeoutMs = 5_000, maxDurationMs = 600_000, name }: HttpGapProbeOptions = {},
): HttpGapProbe {
  const target = typeof url === 'string' ? () => url : url;
  const startedAt = performance.now();
  const tracker = new GapTracker(name ?? new URL(target()).pathname, startedAt);
  const samples: ProbeSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped && performance.now() - startedAt < maxDurationMs) {
      const sample = await timedGet(target(), timeoutMs, startedAt);
      samples.push(sample);
      if (isSuccess(sample)) tracker.success(startedAt + sample.atMs + sample.durationMs);
      else tracker.failure();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  const stop = async () => {
    stopped = true;
    await loop;
    return samples;
  };
  return {
    stop,
    async finish() {
      await stop();
      return tracker.figures();
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
