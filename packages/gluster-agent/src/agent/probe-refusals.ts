import { GlusterCliError } from '../cli/errors.js';
import { ClusterError } from '../cluster/errors.js';

/**
 * How long a peer may refuse our probe ("already part of another cluster") before we give up.
 * When nodes bootstrap at the same moment a refusal is normal for a few seconds: the peer was
 * just pulled into a pool whose member will probe us in. A refusal that lasts is a node that
 * belongs elsewhere or serves volumes: no amount of waiting helps.
 */
export const PROBE_REFUSAL_GRACE_MS = 30_000;

/** True for a probe gluster refused because the peer is in another pool or has volumes. */
export function refusedByOtherCluster(error: unknown): error is GlusterCliError {
  return error instanceof GlusterCliError && error.reason === 'peer-in-other-cluster';
}

/** Remembers since when each peer has refused our probe, across convergence rounds. */
export class ProbeRefusals {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly graceMs = PROBE_REFUSAL_GRACE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records a refusal; throws GA_PEER_IN_OTHER_CLUSTER once it has lasted past the grace. */
  refused(host: string, error: GlusterCliError): void {
    const first = this.since.get(host) ?? this.now();
    this.since.set(host, first);
    if (this.now() - first < this.graceMs) return;
    throw new ClusterError(
      'GA_PEER_IN_OTHER_CLUSTER',
      `Peer ${host} (GLUSTER_PEER) has refused to be probed for ${Math.round(this.graceMs / 1000)} s: ` +
        `"${error.opErrstr}". It belongs to another pool or serves a volume, and gluster lets only a member ` +
        'bring a new node in. The agent never reshapes an existing volume: give this node its own GLUSTER_VOL ' +
        'and peers, or add it by hand from a member.',
    );
  }

  /** The peer accepted a probe or joined: forget its refusals. */
  accepted(host: string): void {
    this.since.delete(host);
  }
}
