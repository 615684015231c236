import { mkdir } from 'node:fs/promises';
import { describeError, type Logger } from '@gluster-asteroids/agent-runtime';
import pRetry from 'p-retry';
import { mountOrder, type PeerProbe, probePeers } from '../peers/probe-peers.js';
import { waitForBrick, waitForEveryBrick } from './brick-gate.js';
import { isGlusterfsMounted, lazyUnmount, mountGlusterfs, verifyMount } from './glusterfs-mount.js';
import { noLivePeerError } from './storage-errors.js';

/** Options of {@link acquireMount}. */
export interface AcquireMountOptions {
  peers: readonly string[];
  volume: string;
  mountPoint: string;
  logger: Logger;
  /** Give up after this long; Infinity keeps trying (the watchdog's remount). */
  deadlineMs: number;
  probeTimeoutMs?: number;
  signal?: AbortSignal;
  /** The bricks' port (GLUSTER_BRICK_PORT), or undefined to ask glusterd's portmapper. */
  brickPort?: number | undefined;
  /** Called with the server the volume was mounted from. */
  onMounted?: (server: string) => void;
  /** Called after each failed attempt, before the pause. */
  onRetry?: () => void;
  /**
   * Before mounting, also wait up to this long for the brick of every server whose glusterd
   * answers (see waitForEveryBrick). The first mount only: a remount must not wait for a brick.
   */
  everyBrickWaitMs?: number;
}

/**
 * Pauses between attempts: 250 ms growing to at most 1 s. At start-up the servers create and
 * start the volume a few seconds after this container starts, and after an outage they come
 * back at some moment: every second of backoff past that moment is a second of start-up or of
 * 503s. Attempts that could only fail (no brick listening yet) mostly wait in waitForBrick
 * instead of running mount.glusterfs, which takes 0.4-2 s to fail here.
 */
const BACKOFF = { minTimeout: 250, factor: 1.5, maxTimeout: 1_000 } as const;

/** How long an attempt waits for a brick to listen before it mounts anyway (see waitForBrick). */
const BRICK_WAIT_MS = 5_000;

/**
 * Mounts the volume from the first live peer in GLUSTER_PEER order (the others as backups),
 * retrying with backoff while no peer is up or the volume does not exist yet (all containers
 * start together under `docker compose up`), then verifies it is a live (readable) glusterfs
 * mount. After the deadline, fails with each peer's probe result.
 */
export async function acquireMount(options: AcquireMountOptions): Promise<string> {
  const { logger, mountPoint, volume } = options;
  const started = performance.now();
  let probes: PeerProbe[] = [];
  await mkdir(mountPoint, { recursive: true });
  try {
    return await pRetry(
      async () => {
        if (await isGlusterfsMounted(mountPoint)) await lazyUnmount(mountPoint);
        const liveServers = async (): Promise<string[]> => {
          probes = await probePeers(options.peers, { timeoutMs: options.probeTimeoutMs ?? 1_000 });
          const servers = mountOrder(probes);
          if (servers.length === 0) throw new Error('no peer answers on the glusterd port');
          return servers;
        };
        let servers = await liveServers();
        // Every peer's brick counts, not only those of the glusterds that answered just now.
        const brick = await waitForBrick(options.peers, {
          ...(options.brickPort ? { port: options.brickPort } : {}),
          maxWaitMs: BRICK_WAIT_MS,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        // A brick came up while we waited: ask again, so a glusterd that came up meanwhile takes
        // its configured place. It matters at first start: the node running `volume start`
        // starts its brick, then spends ~1 s starting its self-heal daemon without answering a
        // mount's volfile request, while the other node's glusterd answers at once. Mounting
        // from the busy node (the only one reachable when the wait began) took ~1 s longer.
        if (brick === 'came-up') servers = await liveServers();
        if (options.everyBrickWaitMs !== undefined && servers.length > 1) {
          await waitForEveryBrick(servers, {
            ...(options.brickPort ? { port: options.brickPort } : {}),
            maxWaitMs: options.everyBrickWaitMs,
            ...(options.signal ? { signal: options.signal } : {}),
          });
        }
        const mountedSince = Date.now();
        await mountGlusterfs(
          { servers, volume, mountPoint, ...(options.brickPort ? { brickPort: options.brickPort } : {}) },
          30_000,
        );
        await verifyMount(mountPoint, { mountedSince });
        const server = servers[0] as string;
        logger.info(
          { server, backups: servers.slice(1), volume, mountPoint },
          `mounted ${server}:/${volume} on ${mountPoint}`,
        );
        options.onMounted?.(server);
        return server;
      },
      {
        retries: Number.POSITIVE_INFINITY,
        ...BACKOFF,
        maxRetryTime: options.deadlineMs,
        ...(options.signal ? { signal: options.signal } : {}),
        onFailedAttempt: ({ error, attemptNumber }) => {
          options.onRetry?.();
          logger.warn(
            { attemptNumber, peers: probes.map((probe) => probe.detail) },
            `waiting for volume ${volume}: ${describeError(error)}; retrying`,
          );
        },
      },
    );
  } catch (error) {
    options.signal?.throwIfAborted();
    throw noLivePeerError(volume, probes, describeError(error), performance.now() - started);
  }
}
