import type { StartedTestContainer } from 'testcontainers';
import { pollUntil } from '../deadline.js';
import { glusterXml, glusterXmlOk, succeeded } from '../gluster-cli.js';
import { parseBrickStatus, parsePeerStatus, parseVolumeInfo, xmlBlocks, xmlText } from '../gluster-xml.js';

/** One brick of `volume heal VOL info summary`, as a node's self-heal daemon sees it. */
export interface BrickHeal {
  name: string;
  connected: boolean;
  /** Entries still to heal (totalNumberOfEntries), split-brain included. */
  entries: number;
  splitBrain: number;
}

/** `volume heal VOL info summary` on `node`; undefined when glusterd cannot answer (yet). */
export async function healSummary(
  node: StartedTestContainer,
  volume: string,
): Promise<BrickHeal[] | undefined> {
  const result = await glusterXml(node, ['volume', 'heal', volume, 'info', 'summary']);
  if (!succeeded(result)) return undefined;
  return xmlBlocks(result.stdout, 'brick').map((brick) => ({
    name: xmlText(brick, 'name') ?? '',
    connected: xmlText(brick, 'status') === 'Connected',
    entries: Number(xmlText(brick, 'totalNumberOfEntries') ?? 0),
    splitBrain: Number(xmlText(brick, 'numberOfEntriesInSplitBrain') ?? 0),
  }));
}

/**
 * Waits until heal pending is 0: on every given node, every brick is connected to the self-heal
 * daemon and has no entry left to heal. Returns how long it took.
 */
export async function waitHealed(
  nodes: readonly StartedTestContainer[],
  volume: string,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  await pollUntil(
    async () => {
      for (const node of nodes) {
        const bricks = await healSummary(node, volume);
        const healed =
          bricks !== undefined && bricks.length > 0 && bricks.every((b) => b.connected && b.entries === 0);
        if (!healed) return undefined;
      }
      return true;
    },
    { timeoutMs, intervalMs: 1_000, description: `heal pending 0 on ${volume}` },
  );
  return performance.now() - started;
}

/** Split-brain entries of `volume heal VOL info split-brain`, summed over the bricks. */
export async function splitBrainCount(node: StartedTestContainer, volume: string): Promise<number> {
  const stdout = await glusterXmlOk(node, ['volume', 'heal', volume, 'info', 'split-brain']);
  return xmlBlocks(stdout, 'brick').reduce(
    (sum, brick) => sum + Number(xmlText(brick, 'numberOfEntries') ?? 0),
    0,
  );
}

/** What one node says about the cluster, for "did it converge?" after a restart storm. */
export interface NodeView {
  /** Peers this node lists (never itself): one per other node when healthy, no duplicates. */
  peers: { names: string[]; state: number; connected: boolean }[];
  volumeStatus: string;
  bricksOnline: number;
}

/** Reads peers, volume status and online bricks from `node`; undefined while glusterd is not answering. */
export async function nodeView(node: StartedTestContainer, volume: string): Promise<NodeView | undefined> {
  const [peers, info, status] = await Promise.all([
    glusterXml(node, ['peer', 'status']),
    glusterXml(node, ['volume', 'info', volume]),
    glusterXml(node, ['volume', 'status', volume]),
  ]);
  if (!succeeded(peers) || !succeeded(info)) return undefined;
  return {
    peers: parsePeerStatus(peers.stdout).map(({ names, state, connected }) => ({ names, state, connected })),
    volumeStatus: parseVolumeInfo(info.stdout)[0]?.status ?? '',
    bricksOnline: succeeded(status) ? parseBrickStatus(status.stdout).filter((b) => b.online).length : 0,
  };
}

/**
 * Converged: each node lists exactly `nodes.length - 1` peers, all "Peer in Cluster" (state 3)
 * and connected (a duplicate or rejected peer fails this), the volume is Started and all its
 * bricks are online.
 */
export function isConverged(views: readonly (NodeView | undefined)[], bricks: number): boolean {
  return views.every(
    (view) =>
      view !== undefined &&
      view.peers.length === views.length - 1 &&
      view.peers.every((peer) => peer.state === 3 && peer.connected) &&
      view.volumeStatus === 'Started' &&
      view.bricksOnline === bricks,
  );
}
