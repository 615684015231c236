import { type CliEnvelope, childOf, childrenOf, intOf, textOf, unexpectedContent } from './xml.js';

export type VolumeStatus = 'Created' | 'Started' | 'Stopped';

export interface VolumeBrick {
  host: string;
  path: string;
  isArbiter: boolean;
  /** uuid of the peer that hosts the brick. */
  hostUuid: string;
}

/** One volume from `volume info`. */
export interface VolumeInfo {
  name: string;
  id: string;
  status: VolumeStatus;
  /** e.g. 'Replicate', 'Distribute', 'Distributed-Replicate'. */
  type: string;
  brickCount: number;
  replicaCount: number;
  arbiterCount: number;
  /** In volume order: replica sets are consecutive groups of `replicaCount`. */
  bricks: VolumeBrick[];
  /** Options set on the volume (reconfigured ones; defaults are not listed). */
  options: Record<string, string>;
}

const STATUSES: Record<string, VolumeStatus> = { '0': 'Created', '1': 'Started', '2': 'Stopped' };

/**
 * Volumes from a `volume info [NAME]` answer. `volume info` with no volumes yields []; a named
 * volume that does not exist is a failure (opRet -1) and never reaches this function.
 */
export function parseVolumeInfo(envelope: CliEnvelope): VolumeInfo[] {
  const volumes = childOf(childOf(envelope.root, 'volInfo'), 'volumes');
  return childrenOf(volumes, 'volume').map((volume) => {
    const status = STATUSES[textOf(volume.status)];
    if (status === undefined) {
      throw unexpectedContent(
        envelope,
        `volume status "${textOf(volume.statusStr)}" is not Created/Started/Stopped`,
      );
    }
    const options: Record<string, string> = {};
    for (const option of childrenOf(childOf(volume, 'options'), 'option')) {
      options[textOf(option.name)] = textOf(option.value);
    }
    return {
      name: textOf(volume.name),
      id: textOf(volume.id),
      status,
      type: textOf(volume.typeStr),
      brickCount: intOf(volume, 'brickCount', 0),
      replicaCount: intOf(volume, 'replicaCount', 1),
      arbiterCount: intOf(volume, 'arbiterCount', 0),
      bricks: childrenOf(childOf(volume, 'bricks'), 'brick').map(parseBrick),
      options,
    };
  });
}

// <brick uuid="..">host:/path<name>host:/path</name><hostUuid>..</hostUuid><isArbiter>0</isArbiter></brick>
function parseBrick(brick: Record<string, unknown>): VolumeBrick {
  const name = textOf(brick.name) || textOf(brick);
  const { host, path } = splitBrickName(name);
  return {
    host,
    path,
    isArbiter: textOf(brick.isArbiter) === '1',
    hostUuid: textOf(brick.hostUuid) || textOf(brick['@_uuid']),
  };
}

/** 'gxml-1:/gluster_volume/brick' -> host and path (the path starts at the first ':/'). */
export function splitBrickName(name: string): { host: string; path: string } {
  const at = name.indexOf(':/');
  return at < 0 ? { host: name, path: '' } : { host: name.slice(0, at), path: name.slice(at + 1) };
}

/** Name and id of the volume a `volume create`/`start`/`stop` answered about. */
export interface VolumeRef {
  name: string;
  id: string;
}

/** Reads `<volCreate|volStart|volStop><volume><name/><id/></volume>`. */
export function parseVolumeRef(envelope: CliEnvelope): VolumeRef {
  for (const key of ['volCreate', 'volStart', 'volStop']) {
    const volume = childOf(childOf(envelope.root, key), 'volume');
    if (volume) return { name: textOf(volume.name), id: textOf(volume.id) };
  }
  return { name: '', id: '' };
}

/** One option from `volume get`; gluster marks values it never had set with ' (DEFAULT)'. */
export interface VolumeOptionValue {
  value: string;
  isDefault: boolean;
}

/** Options from a `volume get VOL OPTION|all` answer, by option name. */
export function parseVolumeGet(envelope: CliEnvelope): Record<string, VolumeOptionValue> {
  const options: Record<string, VolumeOptionValue> = {};
  for (const opt of childrenOf(childOf(envelope.root, 'volGetopts'), 'Opt')) {
    const raw = textOf(opt.Value);
    const isDefault = raw.endsWith(' (DEFAULT)');
    options[textOf(opt.Option)] = { value: isDefault ? raw.slice(0, -' (DEFAULT)'.length) : raw, isDefault };
  }
  return options;
}
