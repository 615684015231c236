import { httpGet, pollUntil } from '@gluster-asteroids/agent-runtime';

/** A readiness check: polls `url` until it answers 2xx (no fixed sleeps). */
export function httpReady(url: string, what: string, timeoutMs: number) {
  return (signal: AbortSignal): Promise<void> =>
    pollUntil(
      async () => {
        const { status } = await httpGet(url, { timeoutMs: 2_000, signal });
        return status >= 200 && status < 300 ? true : { done: false, seen: `HTTP ${status}` };
      },
      { what, intervalMs: 100, timeoutMs, signal },
    );
}
