import type { VolumeCreateRequest } from '../cli/gluster-cli.js';
import type { VolumeInfo } from '../cli/volumes.js';
import { haVolumeOptions, START_TIME_OPTIONS, type VolumeOptionDefault } from '../volume/default-options.js';
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

/** A node's identity for comparing bricks: its gluster UUID when known, else its name. */
export type NodeKeyOf = (host: string) => string;

/**
 * The planned host that is the same node as an existing brick, by the UUID glusterd records for
 * the brick (else by the brick's name). Undefined when no planned host is known to be that node:
 * the brick is then compared by its recorded name.
 */
function plannedNameOf(
  brick: VolumeInfo['bricks'][number],
  plannedHosts: readonly string[],
  keyOf: NodeKeyOf,
): string | undefined {
  // glusterd's UUID for the brick is the truth; its recorded name only when there is none (an
  // address recorded long ago may now belong to another container).
  const key =
    brick.hostUuid && !/^[0-]+$/.test(brick.hostUuid) ? `uuid:${brick.hostUuid}` : keyOf(brick.host);
  return plannedHosts.find((host) => keyOf(host) === key);
}

/**
 * How an existing volume differs from the spec; [] when it matches. Bricks are compared as replica
 * sets (order inside a set does not matter, except which brick is the arbiter), and by node
 * identity: a brick recorded as "10.42.0.7" is the same as the planned "gluster01" when both are
 * the same gluster node (`keyOf`).
 */
export function findVolumeConflicts(
  spec: ClusterSpec,
  actual: VolumeInfo,
  keyOf: NodeKeyOf = (host) => `host:${host.toLowerCase()}`,
): VolumeConflict[] {
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
  const size = Math.max(actual.replicaCount, 1);
  const plannedHosts = planned.map((brick) => brick.host);
  // Existing bricks under the planned name of the node they are on, so names compare as nodes.
  const aligned = actual.bricks.map((brick) => ({
    ...brick,
    host: plannedNameOf(brick, plannedHosts, keyOf) ?? brick.host,
  }));
  if (replicaSets(planned, spec.replica) !== replicaSets(aligned, size)) {
    conflicts.push({
      field: 'bricks',
      expected: replicaSets(planned, spec.replica),
      actual: replicaSets(actual.bricks, size),
    });
  }
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

/** What to do about the volume's options in one round (see planOptions). */
export interface OptionPlan {
  /** Set now: nobody set them yet, or this node's configured value changed since it applied one. */
  toSet: VolumeOptionDefault[];
  /** What this node will have applied or accepted once `toSet` succeeds. */
  applied: Record<string, string>;
  /** Set to another value by someone else (an operator, a peer configured differently): left alone. */
  leftAlone: { key: string; configured: string; actual: string }[];
  /** Options that only take effect at a brick's start, missing on a volume that already started. */
  startedWithout: { key: string; configured: string; actual: string | undefined }[];
}

/**
 * Operators win: per option (HA defaults overridden by `spec.options`), the agent sets its value
 * only when nobody has set the option yet or when this node's configured value changed since it
 * last applied one (`applied`, this node's memory). A value someone else set meanwhile is left as
 * it is and reported once (it is then remembered as accepted), so two nodes configured differently
 * never take turns rewriting the volume, and an option set by hand survives every round.
 */
export function planOptions(
  spec: ClusterSpec,
  actual: VolumeInfo | undefined,
  applied: Readonly<Record<string, string>>,
): OptionPlan {
  const wanted = new Map<string, VolumeOptionDefault>();
  for (const option of [...haVolumeOptions(spec.replica, spec.arbiter), ...(spec.access ?? [])])
    wanted.set(option.key, option);
  for (const [key, value] of Object.entries(spec.options ?? {})) {
    wanted.set(key, { key, value, reason: 'Set by configuration.' });
  }
  const plan: OptionPlan = { toSet: [], applied: { ...applied }, leftAlone: [], startedWithout: [] };
  // Bricks read TLS settings only when they start: switched on under running bricks, clients would
  // talk TLS to bricks that do not, and lose the volume. A started volume keeps what it has.
  const started = actual !== undefined && actual.status !== 'Created';
  for (const option of wanted.values()) {
    const current = actual?.options[option.key];
    if (started && START_TIME_OPTIONS.has(option.key) && current !== option.value) {
      plan.startedWithout.push({ key: option.key, configured: option.value, actual: current });
      continue;
    }
    const last = applied[option.key];
    if (last === option.value) continue;
    plan.applied[option.key] = option.value;
    if (current === option.value) continue;
    if (current === undefined || last !== undefined) plan.toSet.push(option);
    else plan.leftAlone.push({ key: option.key, configured: option.value, actual: current });
  }
  return plan;
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
