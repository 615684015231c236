import { setTimeout as delay } from 'node:timers/promises';
import { canConnect, GLUSTERD_PORT } from '../peers/probe-peers.js';

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
 * True when `host` accepts a TCP connection on glusterd's port or the brick port, both tried at
 * once: a server whose glusterd or brick answers is up and its brick may connect any moment; one
 * that answers neither (stopped, gone from DNS, hung) will not connect soon.
 */
export async function serverAnswers(host: string, timeoutMs = 250): Promise<boolean> {
  const answers = await Promise.all(
    [GLUSTERD_PORT, BRICK_PORT].map((port) => canConnect(host, port, timeoutMs)),
  );
  return answers.some((answer) => answer.ok);
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

/**
 * Waits until every one of `hosts` listens on the brick port, or `maxWaitMs` has passed; returns
 * the hosts still not listening. For a first start only, just before mounting: the bricks come
 * up about a second apart, and a mount made while one is not yet listening connects to it only
 * at the client's next reconnect, ~3 s later, which the wait for every brick after the mount then
 * sits through. Waiting here for the brick still starting lets the mount connect to all at once.
 */
export async function waitForEveryBrick(
  hosts: readonly string[],
  options: WaitForBrickOptions,
): Promise<string[]> {
  const port = options.port ?? BRICK_PORT;
  const deadline = performance.now() + options.maxWaitMs;
  for (;;) {
    const answers = await Promise.all(hosts.map((host) => canConnect(host, port, 250)));
    const silent = hosts.filter((_, i) => !answers[i]?.ok);
    if (silent.length === 0 || performance.now() >= deadline) return silent;
    await delay(options.intervalMs ?? 100, undefined, options.signal ? { signal: options.signal } : {});
  }
}
