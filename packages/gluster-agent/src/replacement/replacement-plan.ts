import type { PeerInfo } from '../cli/peers.js';
import type { VolumeStatusReport } from '../cli/volume-status.js';
import type { VolumeInfo } from '../cli/volumes.js';

/** What one configured peer's glusterd says, asked with --remote-host before this node joins. */
export interface SurvivorView {
  /** The GLUSTER_PEER entry asked: the name its own 'localhost' pool entry stands for. */
  asked: string;
  pool: readonly PeerInfo[];
  volume: VolumeInfo | undefined;
  /** Brick processes, when the volume is started. */
  status: VolumeStatusReport | undefined;
}

/** A member of the pool the returning node must know as a peer: its uuid and a name for it. */
export interface PoolMember {
  uuid: string;
  hostname: string;
}

/**
 * `none`: not a replacement, bootstrap as usual. `refused`: this container stands for a lost
 * node, but taking its place now is not safe (the problem says why and what to do). `replace`:
 * take the lost node's UUID, befriend `members`, rebuild `brick` from the other copies.
 */
export type ReplacementPlan =
  | { kind: 'none'; why: string }
  | { kind: 'refused'; problem: string }
  | { kind: 'replace'; oldUuid: string; members: PoolMember[]; brick: string };

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Decides from the survivors' answers whether a fresh node (no glusterd state, an empty brick)
 * named `self` is the replacement of a lost member: the volume has a brick `self:brickPath` whose
 * node is in the pool but gone. It may take that node's place only while nothing else is missing:
 * the old node is not connected (a second node under one UUID would corrupt the pool), every
 * other member is connected and every other brick online and the volume started, so the copies
 * the new brick is rebuilt from are all there.
 */
export function planReplacement(
  self: string,
  brickPath: string,
  views: readonly SurvivorView[],
  nameIsOurs: boolean,
): ReplacementPlan {
  const view = views.find((candidate) => candidate.volume !== undefined);
  if (!view?.volume) return { kind: 'none', why: 'no peer that answered has the volume' };
  const volume = view.volume;
  const brick = `${self}:${brickPath}`;
  const mine = volume.bricks.find(
    (candidate) => sameHost(candidate.host, self) && candidate.path === brickPath,
  );
  if (!mine) return { kind: 'none', why: `volume ${volume.name} has no brick ${brick}` };
  const old = view.pool.find((peer) => peer.uuid === mine.hostUuid);
  if (!old) return { kind: 'none', why: `the node of brick ${brick} (${mine.hostUuid}) is not in the pool` };
  // While this node's name leads only to this container, "connected" is the survivors reaching
  // this new glusterd (which turns them away), not the old node: it cannot be reached any more.
  if (old.hostname !== 'localhost' && old.connected && !nameIsOurs) {
    return {
      kind: 'refused',
      problem:
        `a node named ${self} (${old.uuid}) is still connected to the pool: this empty container would take the ` +
        `place of a node that is not lost. Stop that node first, or give this one another name (docs/operations.md, "Replacing a lost node")`,
    };
  }
  const members = view.pool
    .filter((peer) => peer.uuid !== old.uuid)
    .map((peer) => ({
      uuid: peer.uuid,
      hostname: peer.hostname === 'localhost' ? view.asked : peer.hostname,
    }));
  const disconnected = view.pool.filter(
    (peer) => peer.uuid !== old.uuid && peer.hostname !== 'localhost' && !peer.connected,
  );
  const offline = volume.bricks.filter(
    (candidate) =>
      candidate !== mine &&
      !view.status?.bricks.some(
        (b) => sameHost(b.host, candidate.host) && b.path === candidate.path && b.online,
      ),
  );
  const missing = [
    ...(volume.status === 'Started' ? [] : [`volume ${volume.name} is ${volume.status}`]),
    ...disconnected.map((peer) => `peer ${peer.hostname} is not connected`),
    ...offline.map((candidate) => `brick ${candidate.host}:${candidate.path} is offline`),
  ];
  if (missing.length > 0) {
    return {
      kind: 'refused',
      problem:
        `this container stands for the lost node ${self}, but ${missing.join(', ')}: its brick is rebuilt from the ` +
        'other copies, so all of them must be there first. Bring them back; the replacement starts by itself',
    };
  }
  return { kind: 'replace', oldUuid: old.uuid, members, brick };
}
