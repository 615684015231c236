import { dirname } from 'node:path';
import { GenericContainer, type StartedNetwork, type StartedTestContainer, Wait } from 'testcontainers';
import { IMAGES } from './images.js';
import { stackCaBindMount } from './stack-ca.js';

/** The agent's health port inside the gluster-server image. */
export const HEALTH_PORT = 8080;

/** Where the image keeps the brick by default (GLUSTER_BRICK_PATH/brick). */
export const DEFAULT_BRICK = '/gluster_volume/brick';

/**
 * The device and AppArmor exception a FUSE mount needs; the capability is GLUSTER_DOCKER_RUN_FLAGS'.
 * Alone, they run the image as a user who forgot `--cap-add SYS_ADMIN` would.
 */
export const FUSE_DOCKER_RUN_FLAGS: readonly string[] = [
  '--device',
  '/dev/fuse',
  '--security-opt',
  'apparmor=unconfined',
];

/**
 * What glusterd needs here, least privilege: SYS_ADMIN (trusted.* xattrs on bricks, mounts) and
 * /dev/fuse. `--privileged` fails on these hosts (CAP_SYS_RESOURCE is outside the bounding set).
 */
export const GLUSTER_DOCKER_RUN_FLAGS: readonly string[] = [
  '--cap-add',
  'SYS_ADMIN',
  ...FUSE_DOCKER_RUN_FLAGS,
];

/** Docker's restart policies (`docker run --restart`, compose's `restart:`). */
export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | 'on-failure';

/** docker-compose.yml's `restart:` for every service. */
export const COMPOSE_RESTART_POLICY: RestartPolicy = 'unless-stopped';

/**
 * A GenericContainer that can also pass host devices and a restart policy, which testcontainers
 * 12 has no builders for.
 */
export class GlusterContainer extends GenericContainer {
  /** Adds /dev/fuse (and any other host device) with rwm access. */
  withDevices(...paths: string[]): this {
    const devices = this.hostConfig.Devices ?? [];
    for (const path of paths)
      devices.push({ PathOnHost: path, PathInContainer: path, CgroupPermissions: 'rwm' });
    this.hostConfig.Devices = devices;
    return this;
  }

  /**
   * Gives the container this IPv4 address on the network set by `withNetwork` (call that first),
   * which must have a subnet chosen at creation (Docker assigns fixed addresses only there). Not
   * with network aliases: testcontainers attaches an aliased container after creating it.
   */
  withIpv4Address(address: string): this {
    if (!this.networkMode) throw new Error(`withIpv4Address(${address}) needs withNetwork first`);
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: { [this.networkMode]: { IPAMConfig: { IPv4Address: address } } },
    };
    return this;
  }

  /** Lets Docker start the container again when it exits, as compose's `restart:` does. */
  withRestartPolicy(policy: RestartPolicy): this {
    this.hostConfig.RestartPolicy = { Name: policy };
    return this;
  }
}

/** One gluster node to start: its network alias (also its GLUSTER_NODE_ADDRESS) and extra env. */
export interface GlusterNodeSpec {
  /** Network alias, e.g. gluster01; bricks are named after it. */
  alias: string;
  /** Variables on top of GLUSTER_NODE_ADDRESS=<alias>. */
  env?: Record<string, string>;
  /**
   * The brick directory's file system as a size-limited tmpfs (e.g. '32m'), to fill a brick up;
   * by default the brick is on the container's own disk.
   */
  brickSize?: string;
}

/** Options shared by the nodes of one cluster. */
export interface GlusterNodeOptions {
  network: StartedNetwork;
  /** Image tag; the working tree's build by default. */
  image?: string;
  /** How long the container may take to listen on the health port. */
  startupTimeoutMs?: number;
  /** Docker's restart policy (default 'no': a test sees every exit). */
  restartPolicy?: RestartPolicy;
}

/**
 * A container definition of one gluster node on `network`, not yet started: tests may add to it.
 * It waits only until the agent serves /status; readiness of the cluster is the caller's wait.
 */
export function glusterNodeContainer(spec: GlusterNodeSpec, options: GlusterNodeOptions): GlusterContainer {
  const container = new GlusterContainer(options.image ?? IMAGES['gluster-server'].tag);
  // tmpfs keeps trusted.* xattrs, which is all a brick needs of its file system.
  if (spec.brickSize) container.withTmpFs({ [dirname(DEFAULT_BRICK)]: `rw,size=${spec.brickSize}` });
  return container
    .withNetwork(options.network)
    .withNetworkAliases(spec.alias)
    .withHostname(spec.alias)
    .withEnvironment({ GLUSTER_NODE_ADDRESS: spec.alias, ...spec.env })
    .withBindMounts([stackCaBindMount()])
    .withAddedCapabilities('SYS_ADMIN')
    .withDevices('/dev/fuse')
    .withSecurityOpt('apparmor=unconfined')
    .withLabels({ 'org.gluster-asteroids.test': 'true' })
    .withExposedPorts(HEALTH_PORT)
    .withWaitStrategy(Wait.forHttp('/status', HEALTH_PORT).forStatusCode(200))
    .withStartupTimeout(options.startupTimeoutMs ?? 120_000)
    .withRestartPolicy(options.restartPolicy ?? 'no')
    .withAutoRemove(false);
}

/**
 * A gluster node as a newcomer's `docker run --name NAME --network NET [-e ...]` (or
 * `--network-alias`) starts it: the documented variables only, no GLUSTER_NODE_ADDRESS, no
 * hostname, so the agent has to name itself by what Docker's DNS answers for it.
 */
export function plainGlusterNodeContainer(
  network: StartedNetwork,
  on: { name?: string; alias?: string },
  env: Record<string, string>,
): GlusterContainer {
  let container = new GlusterContainer(IMAGES['gluster-server'].tag).withNetwork(network);
  if (on.name) container = container.withName(on.name);
  if (on.alias) container = container.withNetworkAliases(on.alias);
  return container
    .withEnvironment(env)
    .withBindMounts([stackCaBindMount()])
    .withAddedCapabilities('SYS_ADMIN')
    .withDevices('/dev/fuse')
    .withSecurityOpt('apparmor=unconfined')
    .withLabels({ 'org.gluster-asteroids.test': 'true' })
    .withExposedPorts(HEALTH_PORT)
    .withStartupTimeout(120_000)
    .withRestartPolicy('no')
    .withAutoRemove(false);
}

/** Starts one gluster node (see `glusterNodeContainer`). */
export async function startGlusterNode(
  spec: GlusterNodeSpec,
  options: GlusterNodeOptions,
): Promise<StartedTestContainer> {
  return glusterNodeContainer(spec, options).start();
}

/** The agent's health URL of a started node, on loopback through its mapped port. */
export function healthUrl(
  node: StartedTestContainer,
  path: '/healthz' | '/readyz' | '/status' | '/metrics',
): string {
  return `http://127.0.0.1:${node.getMappedPort(HEALTH_PORT)}${path}`;
}

/**
 * One of our images with its agent replaced by `sleep`, on `network`, with what FUSE and glusterd
 * need: a bare gluster client (or glusterd) for tests to drive by hand. Not started yet.
 */
export function idleGlusterContainer(image: string, network: StartedNetwork): GlusterContainer {
  return (
    new GlusterContainer(image)
      .withNetwork(network)
      .withEntrypoint(['/usr/bin/tini', '--', 'sleep', 'infinity'])
      // The image's HEALTHCHECK asks the agent, which does not run here: a no-op, hourly.
      .withHealthCheck({ test: ['CMD', 'true'], interval: 3_600_000 })
      .withWaitStrategy(Wait.forListeningPorts())
      .withAddedCapabilities('SYS_ADMIN')
      .withDevices('/dev/fuse')
      .withSecurityOpt('apparmor=unconfined')
      .withLabels({ 'org.gluster-asteroids.test': 'true' })
      .withAutoRemove(false)
  );
}
