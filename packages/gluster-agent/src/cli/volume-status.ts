import { type CliEnvelope, childOf, childrenOf, intOf, textOf } from './xml.js';

/** A brick process as `volume status VOL` reports it. */
export interface BrickStatus {
  host: string;
  path: string;
  /** uuid of the peer hosting the brick. */
  peerId: string;
  online: boolean;
  /** -1 when offline. */
  pid: number;
  /** TCP port, -1 when offline ('N/A'). */
  port: number;
}

/** A self-heal daemon (`<hostname>Self-heal Daemon</hostname>`, its host in `<path>`). */
export interface DaemonStatus {
  /** 'Self-heal Daemon', 'NFS Server', ... */
  name: string;
  /** The node the daemon runs on ('localhost' for the node answering). */
  host: string;
  peerId: string;
  online: boolean;
  pid: number;
}

export interface VolumeStatusReport {
  volume: string;
  /**
   * Bricks whose node's glusterd answered. A brick on a node whose glusterd is down is NOT listed
   * at all (gluster 11): join with `volume info` (see `brickAvailability`) to see it as offline.
   */
  bricks: BrickStatus[];
  daemons: DaemonStatus[];
}

const DAEMON_NAMES = new Set([
  'Self-heal Daemon',
  'NFS Server',
  'Quota Daemon',
  'Bitrot Daemon',
  'Scrubber Daemon',
]);

/** Reads `volume status VOL [detail]` (detail adds disk fields, which are ignored here). */
export function parseVolumeStatus(envelope: CliEnvelope): VolumeStatusReport {
  const volume = childOf(childOf(childOf(envelope.root, 'volStatus'), 'volumes'), 'volume');
  const report: VolumeStatusReport = { volume: textOf(volume?.volName), bricks: [], daemons: [] };
  for (const node of childrenOf(volume, 'node')) {
    const name = textOf(node.hostname);
    const online = textOf(node.status) === '1';
    const pid = intOf(node, 'pid', -1);
    const peerId = textOf(node.peerid);
    if (DAEMON_NAMES.has(name)) {
      report.daemons.push({ name, host: textOf(node.path), peerId, online, pid });
    } else {
      report.bricks.push({
        host: name,
        path: textOf(node.path),
        peerId,
        online,
        pid,
        port: intOf(node, 'port', -1),
      });
    }
  }
  return report;
}
