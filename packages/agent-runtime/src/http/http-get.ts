import { request } from 'node:http';

/** What a local HTTP GET answered. */
export interface HttpAnswer {
  status: number;
  /** The body as text, cut at `maxBodyBytes`. */
  body: string;
}

export interface HttpGetOptions {
  /** Give up after this long, connect and body included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Keep at most this much of the body (default 64 KiB): health answers are small. */
  maxBodyBytes?: number;
}

/**
 * GET of a plain-HTTP URL on this machine (health and readiness probes) with node:http.
 * Not `fetch`: it loads undici (about 2.5 MB more resident memory in each agent) and undici
 * parses HTTP with WebAssembly, which node's `--lite-mode` (the agents' memory setting) turns off.
 * Rejects on connection errors, timeouts and aborts; any HTTP status resolves.
 */
export function httpGet(url: string, options: HttpGetOptions): Promise<HttpAnswer> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)])
    : AbortSignal.timeout(options.timeoutMs);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', signal, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= maxBodyBytes) return;
        chunks.push(chunk.subarray(0, maxBodyBytes - kept));
        kept += Math.min(chunk.length, maxBodyBytes - kept);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
