import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

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

/**
 * Serves the browser client from a directory, so one process can run the whole game (nginx
 * serves the same directory in the container). Only known file types, never outside the root.
 */
export function registerStaticFiles(app: FastifyInstance, dir: string): void {
  const root = resolve(dir);
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
      if (!(await stat(file)).isFile()) return reply.code(404).send({ error: 'not found' });
      const body = await readFile(file);
      // config.js is rewritten at deploy time; never let a browser keep an old copy.
      const cache = rel === 'config.js' || rel === 'index.html' ? 'no-cache' : 'public, max-age=300';
      return reply.type(type).header('cache-control', cache).send(body);
    } catch {
      return reply.code(404).send({ error: 'not found' });
    }
  });
}
