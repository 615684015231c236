import { type StartedNetwork, type StartedTestContainer, Wait } from 'testcontainers';
import { containerLogs } from './docker-state.js';
import { removeContainer } from './gluster-cluster.js';
import { GlusterContainer, type RestartPolicy } from './gluster-node.js';
import { waitForHttpStatus } from './http-probe.js';
import { IMAGES } from './images.js';
import { type ExitedContainer, runToExit } from './run-to-exit.js';
import { ensureTestStackCa, stackCaBindMount } from './stack-ca.js';

/** nginx's port inside the asteroids image (HTTP_CLIENT_PORT). */
export const HTTP_PORT = 80;
/** The client-agent's health port inside the asteroids image. */
export const ASTEROIDS_HEALTH_PORT = 8080;
/** The seed's peer list: mount from gluster01, gluster02 as backup. */
export const SEED_PEERS = 'gluster01,gluster02';

/** Options of `startAsteroids`. */
export interface AsteroidsOptions {
  /** The cluster's network, where the gluster servers answer by alias. */
  network: StartedNetwork;
  /** Variables on top of GLUSTER_PEER=gluster01,gluster02. */
  env?: Record<string, string>;
  /** Wait for /readyz 200 (storage mounted, nginx and game server up); default true. */
  waitReady?: boolean;
  /** Deadline of that wait; generous, the engine is shared (default 120 s). */
  readyTimeoutMs?: number;
  /** Image tag; the working tree's build by default. */
  image?: string;
  /** Docker's restart policy (default 'no': a test sees every exit). */
  restartPolicy?: RestartPolicy;
}

/** A started asteroids container with URLs on loopback through its mapped ports. */
export interface AsteroidsNode {
  container: StartedTestContainer;
  id: string;
  /** A URL served by nginx (the game, config.js, /ws). */
  url(path: string): string;
  /** A URL of the client-agent's health server. */
  healthUrl(path: '/healthz' | '/readyz' | '/status' | '/metrics'): string;
  /** Waits for /readyz 200. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Everything the container printed so far. */
  logs(): Promise<string>;
  /** Removes the container with its anonymous volumes (idempotent). */
  remove(): Promise<void>;
}

/**
 * Starts an asteroids container on a cluster's network with the least privilege FUSE needs
 * (SYS_ADMIN, /dev/fuse, no AppArmor profile), ports 80 and 8080 mapped to random host ports.
 * It waits until the health server answers, then (by default) until /readyz is 200; if that
 * wait fails the container is removed before the error is rethrown.
 */
export async function startAsteroids(options: AsteroidsOptions): Promise<AsteroidsNode> {
  await ensureTestStackCa();
  const container = await new GlusterContainer(options.image ?? IMAGES.asteroids.tag)
    .withNetwork(options.network)
    .withEnvironment({ GLUSTER_PEER: SEED_PEERS, ...options.env })
    .withBindMounts([stackCaBindMount()])
    .withAddedCapabilities('SYS_ADMIN')
    .withDevices('/dev/fuse')
    .withSecurityOpt('apparmor=unconfined')
    .withLabels({ 'org.gluster-asteroids.test': 'true' })
    .withExposedPorts(HTTP_PORT, ASTEROIDS_HEALTH_PORT)
    // The health server answers before the volume is mounted; readiness is the separate wait below.
    .withWaitStrategy(Wait.forHttp('/healthz', ASTEROIDS_HEALTH_PORT).forStatusCode(200))
    .withStartupTimeout(60_000)
    .withRestartPolicy(options.restartPolicy ?? 'no')
    .withAutoRemove(false)
    .start();
  const id = container.getId();
  const node: AsteroidsNode = {
    container,
    id,
    url: (path) => `http://127.0.0.1:${container.getMappedPort(HTTP_PORT)}${path}`,
    healthUrl: (path) => `http://127.0.0.1:${container.getMappedPort(ASTEROIDS_HEALTH_PORT)}${path}`,
    async waitReady(timeoutMs = options.readyTimeoutMs ?? 120_000) {
      await waitForHttpStatus(node.healthUrl('/readyz'), 200, timeoutMs);
    },
    logs: () => containerLogs(id),
    remove: () => removeContainer(id),
  };
  if (options.waitReady ?? true) {
    try {
      await node.waitReady();
    } catch (error) {
      const tail = (await node.logs().catch(() => '')).split('\n').slice(-30).join('\n');
      await node.remove();
      throw new Error(`asteroids container did not become ready; last output:\n${tail}`, { cause: error });
    }
  }
  return node;
}

/**
 * Runs an asteroids container in the foreground until it exits (exit-code tests), without any
 * network (`--network none`: a bad peer name is never looked up outside this machine), then
 * removes it. Named ga-test-<uuid>; fails if it outlives `timeoutMs`.
 */
export function runAsteroidsToExit(
  env: Record<string, string>,
  options: { timeoutMs?: number; withoutSysAdmin?: boolean } = {},
): Promise<ExitedContainer> {
  return runToExit({
    env,
    image: IMAGES.asteroids.tag,
    network: 'none',
    timeoutMs: options.timeoutMs ?? 120_000,
    withoutSysAdmin: options.withoutSysAdmin ?? false,
  });
}
