import { createServer } from 'node:net';

/**
 * A TCP port free on loopback now (the kernel picks it), for a server a test or benchmark starts
 * next, e.g. a stack's published ports. Another process could take it in between; on loopback
 * of a test machine that has not been seen.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port on loopback');
  return address.port;
}
