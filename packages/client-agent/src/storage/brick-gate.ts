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
 * How a wait ended: a brick was listening at the first look, one started listening during the
 * wait (the cluster changed meanwhile, so what the caller knew about it may be stale), or none
 * did within maxWaitMs.
 */
export type BrickWait = 'listening' | 'came-up' | 'gave-up';

/** True as soon as one host accepts a connection on `port`; false once all have refused. */
function anyListens(hosts: readonly string[], port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let refused = 0;
    if (hosts.length === 0) resolve(false);
    for (const host of hosts) {
      // Not Promise.all: a hung host would hold every look for the whole connect timeout.
      void canConnect(host, port, 250).then((answer) => {
        if (answer.ok) resolve(true);
        else if (++refused === hosts.length) resolve(false);
      });
    }
  });
}

/**
 * Waits until a brick listens on one of `hosts` (a TCP connect to the brick port succeeds), or
 * `maxWaitMs` has passed. Mount attempts wait for this first: before a brick runs, the volume
 * is not started and a mount can only fail, and each failed mount.glusterfs run takes 0.4-2 s,
 * during which the volume may come up unseen. A connect takes a millisecond, so the mount starts
 * within ~100 ms of the first brick listening. Giving up is no verdict (the servers may use other
 * ports): the caller then mounts as before.
 */
export async function waitForBrick(
  hosts: readonly string[],
  options: WaitForBrickOptions,
): Promise<BrickWait> {
  const port = options.port ?? BRICK_PORT;
  const deadline = performance.now() + options.maxWaitMs;
  for (let look = 0; ; look++) {
    if (await anyListens(hosts, port)) return look === 0 ? 'listening' : 'came-up';
    if (performance.now() >= deadline) return 'gave-up';
    await delay(options.intervalMs ?? 100, undefined, options.signal ? { signal: options.signal } : {});
  }
}
