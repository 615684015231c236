/**
 * Just enough of gluster's `--xml` output for assertions, read with plain patterns so the tests
 * do not share a parser (and its bugs) with the agent under test.
 */

/** Text of every `<tag>...</tag>` in `xml`, in document order. */
export function xmlTexts(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** Text of the first `<tag>`, or undefined. */
export function xmlText(xml: string, tag: string): string | undefined {
  return xmlTexts(xml, tag)[0];
}

/** Every `<element>...</element>` block (non-nested elements such as brick, peer, option, node). */
export function xmlBlocks(xml: string, element: string): string[] {
  const pattern = new RegExp(`<${element}(?:\\s[^>]*)?>([\\s\\S]*?)</${element}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** One volume from `volume info VOL --xml`. */
export interface VolumeInfoXml {
  name: string;
  id: string;
  status: string;
  replicaCount: number;
  arbiterCount: number;
  bricks: { name: string; isArbiter: boolean }[];
  options: Record<string, string>;
}

/** Every volume in a `volume info --xml` answer. */
export function parseVolumeInfo(xml: string): VolumeInfoXml[] {
  return xmlBlocks(xml, 'volume').map((volume) => ({
    name: xmlText(volume, 'name') ?? '',
    id: xmlText(volume, 'id') ?? '',
    status: xmlText(volume, 'statusStr') ?? '',
    replicaCount: Number(xmlText(volume, 'replicaCount')),
    arbiterCount: Number(xmlText(volume, 'arbiterCount')),
    bricks: xmlBlocks(volume, 'brick').map((brick) => ({
      name: xmlText(brick, 'name') ?? '',
      isArbiter: xmlText(brick, 'isArbiter') === '1',
    })),
    options: Object.fromEntries(
      xmlBlocks(volume, 'option').map((option) => [
        xmlText(option, 'name') ?? '',
        xmlText(option, 'value') ?? '',
      ]),
    ),
  }));
}

/** One peer from `peer status --xml` (state 3 + connected 1 = "Peer in Cluster", up). */
export interface PeerXml {
  /** The name glusterd learned first (for a node that probed us: its reverse-DNS name). */
  hostname: string;
  /** Every name glusterd knows the peer by, the first one included. */
  names: string[];
  uuid: string;
  connected: boolean;
  state: number;
  stateStr: string;
}

/** The peers in a `peer status --xml` answer (this node is not listed). */
export function parsePeerStatus(xml: string): PeerXml[] {
  return xmlBlocks(xml, 'peer').map((peer) => ({
    hostname: xmlText(peer, 'hostname') ?? '',
    names: [...new Set(xmlTexts(peer, 'hostname'))],
    uuid: xmlText(peer, 'uuid') ?? '',
    connected: xmlText(peer, 'connected') === '1',
    state: Number(xmlText(peer, 'state')),
    stateStr: xmlText(peer, 'stateStr') ?? '',
  }));
}

/** One brick (or self-heal daemon) row from `volume status VOL --xml`. */
export interface BrickStatusXml {
  hostname: string;
  path: string;
  online: boolean;
}

/** Brick rows of a `volume status --xml` answer; daemons (Self-heal Daemon) are left out. */
export function parseBrickStatus(xml: string): BrickStatusXml[] {
  return xmlBlocks(xml, 'node')
    .map((node) => ({
      hostname: xmlText(node, 'hostname') ?? '',
      path: xmlText(node, 'path') ?? '',
      online: xmlText(node, 'status') === '1',
    }))
    .filter((brick) => brick.path.startsWith('/'));
}
