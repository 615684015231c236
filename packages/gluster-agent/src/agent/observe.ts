import type { GlusterCli } from '../cli/gluster-cli.js';
import type { ClusterObservation } from '../cluster/bootstrap.js';
import { brickAvailability } from '../volume/brick-availability.js';

/**
 * One look at the cluster from this node: peers, the volume, and (when started) where each brick
 * stands. A failed `volume status` (a peer mid-restart) leaves bricks unreported, not the round.
 */
export async function observeCluster(
  cli: GlusterCli,
  volumeName: string,
  signal?: AbortSignal,
): Promise<Pick<ClusterObservation, 'peers' | 'volume' | 'bricks'>> {
  const options = signal ? { signal } : {};
  const peers = await cli.peerStatus(options);
  const volume = await cli.findVolume(volumeName, options);
  if (volume?.status !== 'Started') return { peers, volume };
  const status = await cli.volumeStatus(volumeName, options).catch(() => undefined);
  return { peers, volume, bricks: brickAvailability(volume, status) };
}
