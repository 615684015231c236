import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isGameError } from '../errors.js';
import type { IoLane } from '../volume/io-lane.js';
import type { VolumeFs } from '../volume/volume-fs.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** How a browser should retry while the volume does not answer. */
const RETRY_AFTER_S = 5;

export interface StaticFilesOptions {
  /** The directory may be on the volume: its reads go through the lane, with its deadline. */
  readonly lane: IoLane;
  readonly fs: Pick<VolumeFs, 'readFile' | 'stat'>;
}

/**
 * Serves the browser client from a directory, so one process can run the whole game (nginx
 * serves the same directory in the container). Only known file types, never outside the root.
 * While the volume is hung it answers 503 at the lane's deadline (or at once) instead of
 * leaving requests, and libuv threads, waiting on it.
 */
export function registerStaticFiles(app: FastifyInstance, dir: string, options: StaticFilesOptions): void {
  const root = resolve(dir);
  const { lane, fs } = options;
  app.get('/*', async (request, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/^\/+/, ''));
    } catch {
      return reply.code(400).send({ error: 'bad path' });
    }
    const rel = normalize(urlPath === '' ? 'index.html' : urlPath);
    const file = join(root, rel);
    const type = TYPES[extname(file)];
    if (!file.startsWith(root + sep) || type === undefined)
      return reply.code(404).send({ error: 'not found' });
    try {
      const body = await lane.run(`serve ${file}`, async (signal) => {
        if (!(await fs.stat(file)).isFile()) return undefined;
        signal.throwIfAborted();
        return fs.readFile(file);
      });
      if (body === undefined) return reply.code(404).send({ error: 'not found' });
      // config.js is rewritten at deploy time; never let a browser keep an old copy.
      const cache = rel === 'config.js' || rel === 'index.html' ? 'no-cache' : 'public, max-age=300';
      return reply.type(type).header('cache-control', cache).send(body);
    } catch (e) {
      if (isGameError(e, 'GAME_ERR_STORAGE_HUNG'))
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_S))
          .send({ error: 'storage not answering', code: e.code });
      return reply.code(404).send({ error: 'not found' });
    }
  });
}
