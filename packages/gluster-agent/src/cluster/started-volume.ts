import type { VolumeInfo } from '../cli/volumes.js';
import type { BootstrapAction, ClusterObservation } from './bootstrap.js';
import type { ClusterSpec } from './spec.js';

/**
 * A started volume whose local brick is not running: restart it (`volume start force`) only when
 * its process died, never when it is being reset by an operator or has lost its volume-id stamp
 * (an emptied or replaced disk): `start force` would stamp the empty directory and serve it as if
 * it held the volume's data. Returns the steps and why the others are not taken.
 */
export function decideStartedVolume(
  spec: ClusterSpec,
  observed: ClusterObservation,
  volume: VolumeInfo,
): { actions: BootstrapAction[]; notes: string[] } {
  const self = spec.self.toLowerCase();
  const notes: string[] = [];
  const bricks = observed.bricks ?? [];
  for (const brick of bricks) {
    if (!brick.online) notes.push(`Brick ${brick.host}:${brick.path} is offline (${brick.state}).`);
  }
  const localDown = bricks.filter((b) => b.host.toLowerCase() === self && b.state === 'stopped');
  if (localDown.length === 0) return { actions: [], notes };
  const names = localDown.map((b) => `${b.host}:${b.path}`);
  const reset = names.filter((name) => observed.bricksBeingReset.includes(name));
  if (reset.length > 0) {
    notes.push(
      `Brick ${reset.join(', ')} is being reset by an operator (reset-brick start): the agent leaves it stopped ` +
        'until the reset is committed (reset-brick ... commit force) or undone (gluster volume start VOL force).',
    );
    return { actions: [], notes };
  }
  const { localBrick } = observed;
  if (localBrick.kind !== 'stamped' || localBrick.volumeId !== volume.id) {
    const found =
      localBrick.kind === 'missing'
        ? 'its directory is missing'
        : localBrick.kind === 'fresh'
          ? 'it has no volume-id stamp (an emptied or new disk)'
          : `it is stamped for another volume (${localBrick.volumeId})`;
    notes.push(
      `Local brick ${names.join(', ')} is not running and ${found}: the agent does not force-start it, which would ` +
        `serve it as if it held the data. Heal it from the other bricks: gluster volume reset-brick ${volume.name} ` +
        `${names[0]} start, then gluster volume reset-brick ${volume.name} ${names[0]} ${names[0]} commit force.`,
    );
    return { actions: [], notes };
  }
  return {
    actions: [
      {
        kind: 'start-volume',
        name: volume.name,
        force: true,
        reason: `Local brick ${localDown.map((b) => b.path).join(', ')} is not running; start force restarts it.`,
      },
    ],
    notes,
  };
}
