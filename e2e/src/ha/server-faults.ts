import { setTimeout as delay } from 'node:timers/promises';
import {
  dockerKill,
  dockerPause,
  dockerStart,
  dockerStop,
  dockerUnpause,
  networkConnect,
  networkDisconnect,
} from '../docker-state.js';
import { waitBricksConnected } from '../fuse-client.js';
import { removeContainer } from '../gluster-cluster.js';
import { waitForHttpStatus } from '../http-probe.js';
import type { HaStack, ServerAlias } from './ha-stack.js';
import { SERVERS, VOLUME } from './ha-stack.js';
import { waitHealed } from './volume-health.js';

/** Docker's grace period before SIGKILL, as in docker-compose.yml (stop_grace_period: 10s). */
export const GRACE_PERIOD_S = 10;

/** One way a server fails, and how it is repaired. */
export interface Fault {
  /** For the report: "graceful stop", "SIGKILL"... */
  name: string;
  inject(stack: HaStack, alias: ServerAlias): Promise<void>;
  repair(stack: HaStack, alias: ServerAlias): Promise<void>;
}

/** The failures the scenarios inject, each with its repair. */
export const FAULTS = {
  /** `docker stop`: the agent stops its brick first, clients see closed sockets. */
  graceful: {
    name: 'graceful stop',
    inject: async (stack, alias) => void (await dockerStop(stack.serverId(alias), GRACE_PERIOD_S)),
    repair: (stack, alias) => dockerStart(stack.serverId(alias)),
  },
  /** `docker kill`: SIGKILL to everything, the kernel closes the sockets. */
  kill: {
    name: 'SIGKILL',
    inject: (stack, alias) => dockerKill(stack.serverId(alias)),
    repair: (stack, alias) => dockerStart(stack.serverId(alias)),
  },
  /** `docker pause`: frozen, sockets open and silent; only network.ping-timeout notices. */
  hang: {
    name: 'docker pause',
    inject: (stack, alias) => dockerPause(stack.serverId(alias)),
    repair: (stack, alias) => dockerUnpause(stack.serverId(alias)),
  },
  /** `docker network disconnect`: packets to and from the server are gone, then it is back under its alias. */
  cut: {
    name: 'network cut',
    inject: (stack, alias) => networkDisconnect(stack.cluster.network.getName(), stack.serverId(alias)),
    repair: (stack, alias) => networkConnect(stack.cluster.network.getName(), stack.serverId(alias), alias),
  },
  /**
   * The host is gone with its disk: container, brick and glusterd state removed. Repaired as the
   * docs say: a new, empty container with the same name and variables, which takes its place.
   */
  lost: {
    name: 'lost with its disk, replaced',
    inject: (stack, alias) => removeContainer(stack.serverId(alias)),
    repair: (stack, alias) => stack.startEmptyServer(alias),
  },
} satisfies Record<string, Fault>;

/** Waits until a server's agent answers /readyz 200 (volume started, its brick online). */
export async function waitServerReady(stack: HaStack, alias: ServerAlias, timeoutMs: number): Promise<void> {
  // The health port is looked up on every try: Docker maps a new one when the container starts again.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await waitForHttpStatus(await stack.serverHealthUrl(alias, '/readyz'), 200, 2_000);
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await delay(500);
    }
  }
}

/**
 * Waits until the stack is whole again: both servers ready, the asteroids container's and the
 * writer's FUSE clients connected to both bricks (a restarted brick has a new port), and heal
 * pending 0 on both servers. Returns how long it took in ms.
 */
export async function waitWhole(stack: HaStack, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await Promise.all(SERVERS.map((alias) => waitServerReady(stack, alias, timeoutMs)));
  const left = () => Math.max(1_000, timeoutMs - (performance.now() - started));
  await Promise.all([
    waitBricksConnected(stack.asteroids.container, SERVERS, left()),
    waitBricksConnected(stack.writerClient, SERVERS, left()),
  ]);
  await waitHealed(
    SERVERS.map((alias) => stack.cluster.node(alias)),
    VOLUME,
    left(),
  );
  return performance.now() - started;
}
