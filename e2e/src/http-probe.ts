import { pollUntil } from './deadline.js';

/** One HTTP answer: status and body text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** GETs a URL on loopback with a per-request timeout; network errors reject. */
export async function httpGet(url: string, timeoutMs = 5_000): Promise<HttpAnswer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

/** Polls `url` until it answers `status`, or throws after `timeoutMs` with the last answer. */
export async function waitForHttpStatus(url: string, status: number, timeoutMs: number): Promise<HttpAnswer> {
  return pollUntil(
    async () => {
      const answer = await httpGet(url);
      if (answer.status === status) return answer;
      throw new Error(`${answer.status} ${answer.body.slice(0, 300)}`);
    },
    { timeoutMs, intervalMs: 250, description: `${url} to answer ${status}` },
  );
}
