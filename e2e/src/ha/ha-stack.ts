import type { StartedTestContainer } from 'testcontainers';
import { ASTEROIDS_HEALTH_PORT, type AsteroidsNode, HTTP_PORT, startAsteroids } from '../asteroids-node.js';
import { mappedPortNow } from '../docker-state.js';
import { startFuseClient } from '../fuse-client.js';
import { type GlusterCluster, removeContainer, startGlusterCluster } from '../gluster-cluster.js';
import { COMPOSE_RESTART_POLICY, HEALTH_PORT } from '../gluster-node.js';

/** The servers of the stack, as named in docker-compose.yml. */
export const SERVERS = ['gluster01', 'gluster02'] as const;
export type ServerAlias = (typeof SERVERS)[number];
/** The volume name (GLUSTER_VOL's default, the seed's). */
export const VOLUME = 'ranchervol';
/** Where the servers keep the brick (GLUSTER_BRICK_PATH/brick). */
export const BRICK = '/gluster_volume/brick';
/** The score writer's mount point inside its FUSE client. */
export const WRITER_MOUNT = '/mnt/ranchervol';

/** Options of `startHaStack`. */
export interface HaStackOptions {
  /**
   * Variables for both gluster nodes on top of docker-compose.yml's, e.g.
   * `{ GLUSTER_VOLUME_OPTIONS: 'network.ping-timeout=42' }` for gluster's default hang behaviour.
   */
  glusterEnv?: Record<string, string>;
  /** Variables for the asteroids container on top of GLUSTER_PEER=gluster01,gluster02. */
  asteroidsEnv?: Record<string, string>;
}

/** The stack of docker-compose.yml on an isolated network, plus a FUSE client for the writer. */
export interface HaStack {
  cluster: GlusterCluster;
  asteroids: AsteroidsNode;
  /** A FUSE client of the volume outside the system under test (the score writer's). */
  writerClient: StartedTestContainer;
  /** The container id of a server. */
  serverId(alias: ServerAlias): string;
  /** A URL served by nginx in the asteroids container, through its current host port. */
  gameUrl(path: string): string;
  /** The game's WebSocket URL through nginx (`/ws`), current host port. */
  wsUrl(): string;
  /** A URL of the client-agent's health server, current host port. */
  asteroidsHealthUrl(path: '/healthz' | '/readyz' | '/status' | '/metrics'): string;
  /** A URL of a server's agent health server, current host port (looked up now). */
  serverHealthUrl(alias: ServerAlias, path: '/healthz' | '/readyz' | '/status'): Promise<string>;
  /**
   * Starts a new, empty container for a server (no brick, no glusterd state) with the variables
   * it was first started with: the replacement of a lost host under the same name.
   */
  startEmptyServer(alias: ServerAlias): Promise<void>;
  /** Reads the asteroids container's host ports again: Docker picks new ones when it starts again. */
  refreshPorts(): Promise<void>;
  /** Removes every container and the network (idempotent, never throws on what is gone). */
  stop(): Promise<void>;
}

/**
 * Starts gluster01 (waits to be probed), gluster02 (GLUSTER_PEER=gluster01) and asteroids
 * (GLUSTER_PEER=gluster01,gluster02) as docker-compose.yml configures them, on a fresh network
 * with those aliases, the same capabilities and restart policy, waits until all are ready, then mounts the
 * writer's FUSE client. Everything started is removed again if a step fails.
 */
export async function startHaStack(options: HaStackOptions = {}): Promise<HaStack> {
  const glusterEnv = options.glusterEnv ?? {};
  const specs = [
    { alias: 'gluster01', env: glusterEnv },
    { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01', ...glusterEnv } },
  ] as const;
  const cluster = await startGlusterCluster({ restartPolicy: COMPOSE_RESTART_POLICY, nodes: specs });
  let asteroids: AsteroidsNode | undefined;
  let writerClient: StartedTestContainer | undefined;
  const stop = async () => {
    await Promise.all([asteroids?.remove(), writerClient && removeContainer(writerClient.getId())]);
    await cluster.stop();
  };
  try {
    asteroids = await startAsteroids({
      network: cluster.network,
      env: options.asteroidsEnv,
      restartPolicy: COMPOSE_RESTART_POLICY,
    });
    writerClient = await startFuseClient({ network: cluster.network, mountPoint: WRITER_MOUNT });
  } catch (error) {
    await stop();
    throw error;
  }
  const game = asteroids;
  let httpPort = game.container.getMappedPort(HTTP_PORT);
  let healthPort = game.container.getMappedPort(ASTEROIDS_HEALTH_PORT);
  return {
    cluster,
    asteroids: game,
    writerClient,
    serverId: (alias) => cluster.node(alias).getId(),
    async startEmptyServer(alias) {
      const spec = specs.find((candidate) => candidate.alias === alias);
      if (!spec) throw new Error(`no server ${alias} in the HA stack`);
      await cluster.add(spec);
    },
    gameUrl: (path) => `http://127.0.0.1:${httpPort}${path}`,
    wsUrl: () => `ws://127.0.0.1:${httpPort}/ws`,
    asteroidsHealthUrl: (path) => `http://127.0.0.1:${healthPort}${path}`,
    async serverHealthUrl(alias, path) {
      return `http://127.0.0.1:${await mappedPortNow(cluster.node(alias).getId(), HEALTH_PORT)}${path}`;
    },
    async refreshPorts() {
      httpPort = await mappedPortNow(game.id, HTTP_PORT);
      healthPort = await mappedPortNow(game.id, ASTEROIDS_HEALTH_PORT);
    },
    stop,
  };
}
