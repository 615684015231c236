import type { VolumeOptionDefault } from '../volume/default-options.js';
import { ClusterError } from './errors.js';

/** What the cluster should look like, from this node's configuration. */
export interface ClusterSpec {
  /** This node's address as the other nodes reach it (host name or IP). */
  self: string;
  /** Every node that hosts a brick; `self` may be listed or not. */
  members: readonly string[];
  volumeName: string;
  /** Bricks per replica set, counting the arbiter. */
  replica: number;
  /** 1 for replica 3 arbiter 1, else 0. */
  arbiter: number;
  /** Same absolute brick directory on every node. */
  brickPath: string;
  /** The brick directory is on the container's root file system: gluster then requires `force`. */
  brickOnRootFs: boolean;
  /** Access options (TLS or auth.allow), on top of the HA defaults and under `options`. */
  access?: readonly VolumeOptionDefault[];
  /** Options to set in addition to (or instead of) the HA defaults, by key. */
  options?: Readonly<Record<string, string>>;
  /**
   * This node has no GLUSTER_PEER: the layout is the one its peers created. While a connected
   * peer is still forming the volume (created, not started) it leaves the volume steps to it.
   */
  adopted?: boolean;
}

/** A planned brick. */
export interface PlannedBrick {
  host: string;
  path: string;
  isArbiter: boolean;
}

/**
 * All brick hosts, deduplicated (case-insensitively) and sorted by code unit, so every node
 * computes the same order from the same member list regardless of which node it is.
 */
export function brickHosts(spec: ClusterSpec): string[] {
  const byKey = new Map<string, string>();
  for (const host of [spec.self, ...spec.members]) {
    const key = host.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, key);
  }
  return [...byKey.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The volume layout every node computes identically: one brick per host in sorted host order,
 * consecutive groups of `replica` form replica sets, and with an arbiter the last brick of each
 * set is the arbiter (gluster's own rule for `replica 3 arbiter 1`).
 */
export function plannedBricks(spec: ClusterSpec): PlannedBrick[] {
  return brickHosts(spec).map((host, index) => ({
    host,
    path: spec.brickPath,
    isArbiter: spec.arbiter === 1 && index % spec.replica === spec.replica - 1,
  }));
}

/** Throws GA_CLUSTER_SPEC_INVALID when the spec cannot describe a replica volume. */
export function validateClusterSpec(spec: ClusterSpec): void {
  const hosts = brickHosts(spec);
  if (!Number.isInteger(spec.replica) || spec.replica < 2) {
    throw invalid('replica', spec.replica, 'an integer >= 2 (a single brick is not highly available)');
  }
  if (spec.arbiter !== 0 && !(spec.arbiter === 1 && spec.replica === 3)) {
    throw invalid(
      'arbiter',
      spec.arbiter,
      '0, or 1 with replica 3 (gluster supports only replica 3 arbiter 1)',
    );
  }
  if (hosts.length % spec.replica !== 0) {
    throw invalid(
      'members',
      hosts.join(','),
      `a multiple of replica ${spec.replica} hosts (self included), one brick each`,
    );
  }
  if (!spec.brickPath.startsWith('/') || spec.brickPath === '/') {
    throw invalid('brickPath', spec.brickPath, 'an absolute directory below / such as /gluster_volume/brick');
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(spec.volumeName)) {
    throw invalid('volumeName', spec.volumeName, 'letters, digits, _ . - (not starting with - or .)');
  }
}

function invalid(field: string, value: unknown, expected: string): ClusterError {
  return new ClusterError(
    'GA_CLUSTER_SPEC_INVALID',
    `Expected the cluster \`${field}\` to be ${expected}, got \`${String(value)}\`.`,
  );
}
