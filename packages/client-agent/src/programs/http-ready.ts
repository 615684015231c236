import { pollUntil } from '@gluster-asteroids/agent-runtime';

/** A readiness check: polls `url` until it answers 2xx (no fixed sleeps). */
export function httpReady(url: string, what: string, timeoutMs: number) {
  return (signal: AbortSignal): Promise<void> =>
    pollUntil(
      async () => {
        const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) });
        await response.body?.cancel();
        return response.ok ? true : { done: false, seen: `HTTP ${response.status}` };
      },
      { what, intervalMs: 100, timeoutMs, signal },
    );
}
