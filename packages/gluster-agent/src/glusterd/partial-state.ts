import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClusterError } from '../cluster/errors.js';

/** A brick in glusterd's saved volume definitions whose node is neither this one nor a known peer. */
export interface UnknownBrickPeer {
  volume: string;
  host: string;
  uuid: string;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

function field(text: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim();
}

/**
 * Bricks that glusterd's saved state names but cannot place: their node UUID is not this node's
 * and has no file under peers/. That is a partial restore (vols/ without peers/), and glusterd
 * then refuses to start at all ("Failed to resolve brick ... in restore"), five times over, until
 * the container gives up. Read before glusterd starts, so the agent can say why in one line.
 */
export async function findUnknownBrickPeers(stateDir = '/var/lib/glusterd'): Promise<UnknownBrickPeer[]> {
  const info = await readFile(join(stateDir, 'glusterd.info'), 'utf8').catch(() => '');
  const self = field(info, 'UUID');
  if (!self) return [];
  const peers = new Set(await entries(join(stateDir, 'peers')));
  const unknown: UnknownBrickPeer[] = [];
  for (const volume of await entries(join(stateDir, 'vols'))) {
    const bricksDir = join(stateDir, 'vols', volume, 'bricks');
    for (const brick of await entries(bricksDir)) {
      const text = await readFile(join(bricksDir, brick), 'utf8').catch(() => '');
      const uuid = field(text, 'uuid');
      if (uuid && uuid !== self && !peers.has(uuid)) {
        unknown.push({ volume, host: field(text, 'hostname') ?? '?', uuid });
      }
    }
  }
  return unknown;
}

/** Throws GA_STATE_PARTIAL naming the volume, the peers it lacks and both ways out. */
export async function assertStateComplete(stateDir = '/var/lib/glusterd'): Promise<void> {
  const unknown = await findUnknownBrickPeers(stateDir);
  if (unknown.length === 0) return;
  const volumes = [...new Set(unknown.map((brick) => brick.volume))];
  const hosts = unknown.map((brick) => `${brick.host} (${brick.uuid})`).join(', ');
  throw new ClusterError(
    'GA_STATE_PARTIAL',
    `${stateDir} is incomplete: volume ${volumes.join(', ')} has bricks on ${hosts}, but ${stateDir}/peers does ` +
      'not know those nodes (restored without peers/?), and glusterd refuses to start that way. Restore peers/ ' +
      `from the same backup, or move ${stateDir}/vols/${volumes[0]} out of the state volume: once this node ` +
      'rejoins, its peers send the volume definition back.',
  );
}
