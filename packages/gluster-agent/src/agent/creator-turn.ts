import { brickHosts, type ClusterSpec } from '../cluster/spec.js';

/**
 * How long the other nodes leave the designated creator to create the volume once the pool is
 * complete. Cold starts never wait for it in the documented layouts (the last node by name is the
 * one with GLUSTER_PEER); it only matters when the last node is one that waits to be probed.
 */
export const CREATOR_GRACE_MS = 5_000;

/**
 * Whose turn it is to create the volume: one rule every node computes alike. The member whose
 * name sorts last creates as soon as the pool is complete (in the seed's layouts the first node
 * waits to be probed and never creates); any other node with GLUSTER_PEER only once the pool has
 * been complete, without a volume, for the grace period. glusterd's cluster-wide lock still makes
 * one `volume create` win should two nodes ever try at once.
 */
export class CreatorTurn {
  private completeSince: number | undefined;

  constructor(
    private readonly graceMs = CREATOR_GRACE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when `spec.self` may create the volume now. */
  mayCreate(spec: ClusterSpec): boolean {
    if (isDesignatedCreator(spec)) return true;
    return this.completeSince !== undefined && this.now() - this.completeSince >= this.graceMs;
  }

  /** Records what the last look saw: a complete pool without the volume starts the grace. */
  observe(poolCompleteWithoutVolume: boolean): void {
    if (!poolCompleteWithoutVolume) this.completeSince = undefined;
    else this.completeSince ??= this.now();
  }
}

/** The member whose name sorts last (see CreatorTurn). */
export function isDesignatedCreator(spec: ClusterSpec): boolean {
  return brickHosts(spec).at(-1) === spec.self.toLowerCase();
}
