import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from './logger.js';
import type { IoLaneState } from './volume/io-lane.js';

/** How long an exit waits for a call on the volume that is still out (not yet past its deadline). */
const DRAIN_MS = 500;

/**
 * The entry point's way out (nothing else calls it). process.exit runs libuv's shutdown, which
 * joins its worker threads, and a thread stuck in a call on a hung mount never joins: the
 * process would hang at exit until its supervisor kills it. While a call on the volume is out,
 * the process ends itself with SIGKILL instead, after one log line saying why.
 */
export async function exitProcess(code: number, lane: { readonly state: IoLaneState }, logger: Logger) {
  const deadline = Date.now() + DRAIN_MS;
  while (lane.state.inFlight > 0 && lane.state.stuck === 0 && Date.now() < deadline) await delay(20);
  if (lane.state.inFlight > 0) {
    logger.error(
      { exitCode: code, storage: lane.state },
      'a call on the volume has not returned; exiting with SIGKILL, as a normal exit would wait for it forever',
    );
    process.kill(process.pid, 'SIGKILL');
  }
  process.exit(code);
}
