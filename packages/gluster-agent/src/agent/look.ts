import type { ClusterObservation } from '../cluster/bootstrap.js';
import type { ClusterSpec } from '../cluster/spec.js';
import { resetStarts } from '../glusterd/command-history.js';
import { readLocalBrick } from '../glusterd/local-brick.js';
import { readNodeUuid } from '../glusterd/node-identity.js';
import { containerAddresses } from '../identity/node-name.js';
import { resolvePeers } from '../peers/resolve-peers.js';
import { clusterSpecFor } from './cluster-spec-for.js';
import type { ConvergeDeps } from './converge-deps.js';
import { observeCluster } from './observe.js';

/** One look at the cluster, and the spec this node converges to (none while waiting to be probed). */
export interface Look {
  observed: ClusterObservation;
  spec: ClusterSpec | undefined;
  nodeUuid: string | undefined;
  unresolved: string[];
}

export async function look(deps: ConvergeDeps, signal: AbortSignal | undefined): Promise<Look> {
  const { cli, config, state } = deps;
  const [observed, localBrick, nodeUuid, resolved] = await Promise.all([
    observeCluster(cli, config.volumeName, signal),
    (deps.readLocalBrick ?? (() => readLocalBrick(config.brickPath)))(),
    state.snapshot.nodeUuid ? Promise.resolve(state.snapshot.nodeUuid) : (deps.readUuid ?? readNodeUuid)(),
    resolvePeers(config.peers, deps.lookup),
  ]);
  // After `volume status`: a brick seen stopped there was reset, if at all, before this read.
  const starts = await (deps.resetStarts ?? (() => resetStarts(config.volumeName)))();
  const running = (brick: string) =>
    (observed.bricks ?? []).some((b) => `${b.host}:${b.path}` === brick && b.online);
  const resetting = deps.operatorResets.inProgress(starts, running);
  const own = new Set((deps.ownAddresses ?? containerAddresses)());
  // A peer that does not resolve yet stays a member by its configured name: the others are probed
  // meanwhile, and the volume waits until it too is in the pool (its probe keeps failing until then).
  // A configured peer that resolves to this container is this node under another name.
  const members = resolved
    .filter((peer) => !peer.addresses.some((address) => own.has(address)))
    .flatMap((peer) => (peer.hosts.length > 0 ? peer.hosts : [peer.configured]));
  return {
    observed: { ...observed, localBrick, bricksBeingReset: resetting },
    spec: clusterSpecFor(config, members, deps.brickOnRootFs, nodeUuid, observed.volume),
    nodeUuid,
    unresolved: resolved.filter((peer) => peer.error).map((peer) => peer.error as string),
  };
}
