import type { VolumeCreateRequest } from '../cli/gluster-cli.js';
import type { VolumeInfo } from '../cli/volumes.js';
import { haVolumeOptions, type VolumeOptionDefault } from '../volume/default-options.js';
import { ClusterError, type VolumeConflict } from './errors.js';
import { type ClusterSpec, plannedBricks } from './spec.js';

/** The `volume create` request every node computes identically for `spec`. */
export function plannedVolumeCreate(spec: ClusterSpec): VolumeCreateRequest {
  return {
    name: spec.volumeName,
    replica: spec.replica,
    arbiter: spec.arbiter,
    bricks: plannedBricks(spec).map(({ host, path }) => ({ host, path })),
    // gluster refuses a brick on the root partition without force; nothing else needs it.
    force: spec.brickOnRootFs,
  };
}

/**
 * How an existing volume differs from the spec; [] when it matches. Bricks are compared as replica
 * sets (order inside a set does not matter, except which brick is the arbiter).
 */
export function findVolumeConflicts(spec: ClusterSpec, actual: VolumeInfo): VolumeConflict[] {
  const conflicts: VolumeConflict[] = [];
  const planned = plannedBricks(spec);
  const expectedType = planned.length > spec.replica ? 'Distributed-Replicate' : 'Replicate';
  if (actual.type !== expectedType)
    conflicts.push({ field: 'type', expected: expectedType, actual: actual.type });
  if (actual.replicaCount !== spec.replica) {
    conflicts.push({ field: 'replica', expected: String(spec.replica), actual: String(actual.replicaCount) });
  }
  if (actual.arbiterCount !== spec.arbiter) {
    conflicts.push({ field: 'arbiter', expected: String(spec.arbiter), actual: String(actual.arbiterCount) });
  }
  const expectedSets = replicaSets(planned, spec.replica);
  const actualSets = replicaSets(actual.bricks, Math.max(actual.replicaCount, 1));
  if (expectedSets !== actualSets)
    conflicts.push({ field: 'bricks', expected: expectedSets, actual: actualSets });
  return conflicts;
}

/** GA_VOLUME_CONFLICT naming every difference and what to do. */
export function volumeConflictError(spec: ClusterSpec, conflicts: readonly VolumeConflict[]): ClusterError {
  const list = conflicts.map((c) => `${c.field}: expected ${c.expected}, found ${c.actual}`).join('; ');
  return new ClusterError(
    'GA_VOLUME_CONFLICT',
    `Volume \`${spec.volumeName}\` already exists with a different layout (${list}). The agent does not modify ` +
      'existing volumes: configure another volume name, or migrate or delete the existing volume by hand.',
    conflicts,
  );
}

/** The options to set: HA defaults overridden by `spec.options`, minus those already set to that value. */
export function optionsToSet(spec: ClusterSpec, actual: VolumeInfo | undefined): VolumeOptionDefault[] {
  const wanted = new Map<string, VolumeOptionDefault>();
  for (const option of haVolumeOptions(spec.replica, spec.arbiter)) wanted.set(option.key, option);
  for (const [key, value] of Object.entries(spec.options ?? {})) {
    wanted.set(key, { key, value, reason: 'Set by configuration.' });
  }
  return [...wanted.values()].filter((option) => actual?.options[option.key] !== option.value);
}

// 'a:/b|c:/d*' per set (sorted inside the set, '*' marks the arbiter), sets joined in order by ' + '.
function replicaSets(
  bricks: readonly { host: string; path: string; isArbiter: boolean }[],
  size: number,
): string {
  const sets: string[] = [];
  for (let start = 0; start < bricks.length; start += size) {
    const names = bricks
      .slice(start, start + size)
      .map((brick) => `${brick.host.toLowerCase()}:${brick.path}${brick.isArbiter ? '*' : ''}`)
      .sort();
    sets.push(names.join('|'));
  }
  return sets.join(' + ');
}
