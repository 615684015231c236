import { ExitCodes, GaError } from '@gluster-asteroids/agent-runtime';
/** Stable codes of the cluster decision errors, each with what it means and what to do (checked by a test). */
export const CLUSTER_ERROR_CODES = {
  GA_CLUSTER_SPEC_INVALID:
    'The cluster configuration cannot describe a replica volume (replica/arbiter/member count/brick path). ' +
    'Fix the configuration value named in the message.',
  GA_VOLUME_CONFLICT:
    'A volume with the configured name exists with a different layout. The agent never changes or deletes ' +
    'an existing volume: rename the configured volume, or migrate/delete the existing one by hand.',
  GA_PEER_IN_OTHER_CLUSTER:
    'A peer in GLUSTER_PEER refused the probe: it already belongs to a pool or has volumes. gluster lets only a ' +
    'member bring a new node in, and the agent never reshapes an existing volume: remove this node from the ' +
    'layout, or grow the volume by hand from a member.',
  GA_PEER_REJECTED:
    'glusterd rejected a peer (state 6, usually diverging volume configuration). Detach and re-probe it, or ' +
    'reset its /var/lib/glusterd, by hand.',
  GA_BRICK_ORPHANED:
    "This node's brick carries a volume-id, but neither this node's glusterd nor any connected peer knows " +
    "that volume: the node's state (/var/lib/glusterd) was lost. The agent never creates a volume over it. " +
    'Restore the state volume, or move the brick contents aside if that data is not needed.',
  GA_STATE_PARTIAL:
    "glusterd's saved state is incomplete: a volume names peers that /var/lib/glusterd/peers does not know " +
    '(a partial restore), and glusterd refuses to start. Restore peers/ from the same backup, or move the ' +
    "volume's directory under vols/ aside so that the peers send the definition back.",
  GA_BRICK_NOT_EMPTY:
    'The brick directory holds files but belongs to no volume; the agent will not create the volume on it. ' +
    'Move the files aside, or point GLUSTER_BRICK_PATH at an empty volume.',
} as const;

export type ClusterErrorCode = keyof typeof CLUSTER_ERROR_CODES;

/** One way an existing volume differs from the configured one. */
export interface VolumeConflict {
  field: 'type' | 'replica' | 'arbiter' | 'bricks';
  expected: string;
  actual: string;
}

/** Codes an operator must act on while the agent keeps looking (it may still resolve by itself). */
export const WAITING_CLUSTER_ERRORS: ReadonlySet<ClusterErrorCode> = new Set([
  'GA_PEER_REJECTED',
  'GA_BRICK_ORPHANED',
  'GA_BRICK_NOT_EMPTY',
]);

/** An error of the cluster decision logic, with a stable code. */
export class ClusterError extends GaError {
  declare readonly code: ClusterErrorCode;
  /** For GA_VOLUME_CONFLICT: every difference found. */
  readonly conflicts: readonly VolumeConflict[];

  constructor(code: ClusterErrorCode, message: string, conflicts: readonly VolumeConflict[] = []) {
    // A conflict or an impossible layout is the operator's to fix, like bad configuration.
    super(code, message, { exitsWith: ExitCodes.CONFIG });
    this.conflicts = conflicts;
  }
}
