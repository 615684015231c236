import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { pollUntil } from './deadline.js';
import { execOk } from './gluster-cli.js';
import { removeContainer } from './gluster-cluster.js';
import { idleGlusterContainer } from './gluster-node.js';
import { IMAGES } from './images.js';
import { ensureTestStackCa, memberTlsFiles } from './stack-ca.js';

/**
 * Which bricks a FUSE client is connected to, from the client's own view: the meta translator's
 * `.meta/graphs/active/<volume>-client-N/` (remote-host option, `connected` in private). This is
 * the I/O path itself, not a probe of glusterd, so it shows when the client really failed over
 * and when it reconnected to a restarted brick (new port, "within seconds, not instantly").
 */
export async function brickConnections(
  container: StartedTestContainer,
  mountPoint = '/mnt/ranchervol',
): Promise<Record<string, boolean>> {
  // A fixed script; the mount point is passed as an argument, never spliced into the shell text.
  const script =
    'for d in "$1"/.meta/graphs/active/*-client-*; do ' +
    'printf "%s %s\\n" "$(cat "$d/options/remote-host")" "$(sed -n "s/^connected = //p" "$d/private")"; done';
  // `timeout`: on a hung mount the reads block; a stuck check must fail, not hold the caller.
  const stdout = await execOk(container, ['timeout', '10', 'sh', '-c', script, 'sh', mountPoint]);
  const connections: Record<string, boolean> = {};
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [host = '', connected = ''] = line.trim().split(/\s+/);
    connections[host] = connected === '1';
  }
  return connections;
}

/** Options of `startFuseClient`. */
export interface FuseClientOptions {
  network: StartedNetwork;
  /** Servers in order of preference, the first gives the volfile (default the seed's two). */
  servers?: readonly string[];
  volume?: string;
  mountPoint?: string;
  /** Deadline for the mount to succeed (servers may still be starting). */
  timeoutMs?: number;
  /** A certificate from the test stack CA (default), as every member has; false for none. */
  tls?: boolean;
  /** A fixed IPv4 address on `network` (one created with a subnet); Docker's choice by default. */
  address?: string;
}

/**
 * A plain FUSE client of the volume on the cluster's network: the asteroids image (it has the
 * glusterfs client and node) with its agent replaced by `sleep`, mounted the way the agent mounts
 * (first server, the others as `backup-volfile-servers`). For probes that must write to the
 * volume from outside the system under test.
 */
export async function startFuseClient(options: FuseClientOptions): Promise<StartedTestContainer> {
  const {
    servers = ['gluster01', 'gluster02'],
    volume = 'ranchervol',
    mountPoint = '/mnt/ranchervol',
  } = options;
  const [first, ...backups] = servers;
  const tlsFiles =
    options.tls === false ? [] : await memberTlsFiles(await ensureTestStackCa(), 'fuse-client');
  const definition = idleGlusterContainer(IMAGES.asteroids.tag, options.network);
  if (options.address) definition.withIpv4Address(options.address);
  const container = await definition.withCopyContentToContainer(tlsFiles).start();
  try {
    await execOk(container, ['mkdir', '-p', mountPoint]);
    const backupOption = backups.length > 0 ? ['-o', `backup-volfile-servers=${backups.join(':')}`] : [];
    await pollUntil(
      async () => {
        const { exitCode } = await container.exec([
          'mount',
          '-t',
          'glusterfs',
          ...backupOption,
          `${first}:/${volume}`,
          mountPoint,
        ]);
        return exitCode === 0 ? true : undefined;
      },
      { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 1_000, description: `a FUSE mount of ${volume}` },
    );
    return container;
  } catch (error) {
    await removeContainer(container.getId());
    throw error;
  }
}

/** Waits until the FUSE client in `container` is connected to every brick host in `hosts`. */
export async function waitBricksConnected(
  container: StartedTestContainer,
  hosts: readonly string[],
  timeoutMs: number,
  mountPoint = '/mnt/ranchervol',
): Promise<void> {
  await pollUntil(
    async () => {
      const connections = await brickConnections(container, mountPoint);
      return hosts.every((host) => connections[host] === true) ? true : undefined;
    },
    { timeoutMs, intervalMs: 500, description: `the FUSE client to be connected to ${hosts.join(', ')}` },
  );
}
