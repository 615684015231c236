import { setTimeout as delay } from 'node:timers/promises';
import { canConnect } from '../peers/probe-peers.js';

/**
 * The port a brick of this project's gluster-server image listens on (its glusterd.vol pins
 * base-port = max-port = 49152, one brick per node). It is also the first port stock glusterd
 * gives a brick, so other servers mostly use it too.
 */
export const BRICK_PORT = 49152;

/** Options of {@link waitForBrick}. */
export interface WaitForBrickOptions {
  /** Give up (and let the caller mount anyway) after this long. */
  maxWaitMs: number;
  port?: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Waits until a brick listens on one of `servers` (a TCP connect to the brick port succeeds), or
 * `maxWaitMs` has passed; true when one does. Mount attempts wait for this first: before a brick
 * runs, the volume is not started and a mount can only fail, and each failed mount.glusterfs
 * run takes 0.4-2 s, during which the volume may come up unseen. A connect takes a millisecond,
 * so the mount starts within ~100 ms of the first brick listening. A timeout is no verdict
 * (the servers may use other ports): the caller then mounts as before.
 */
export async function waitForBrick(
  servers: readonly string[],
  options: WaitForBrickOptions,
): Promise<boolean> {
  const port = options.port ?? BRICK_PORT;
  const deadline = performance.now() + options.maxWaitMs;
  for (;;) {
    const answers = await Promise.all(servers.map((host) => canConnect(host, port, 250)));
    if (answers.some((answer) => answer.ok)) return true;
    if (performance.now() >= deadline) return false;
    await delay(options.intervalMs ?? 100, undefined, options.signal ? { signal: options.signal } : {});
  }
}
