import { SHIP_FLAG, type ShipTuple, type SnapshotMessage } from '../shared/protocol/server-messages.js';
import { wrapDelta } from '../shared/sim/geometry.js';

/** The sounds the game makes. */
export type SoundKind = 'shot' | 'explosion' | 'power-up' | 'death';

/** One sound to play, at a volume from 0 to 1. */
export interface SoundCue {
  readonly kind: SoundKind;
  readonly volume: number;
}

/**
 * A bullet first seen this close to the own ship (world units) is heard: the player's own shots,
 * which fly ~33 units a tick and reach the client up to two ticks after leaving the nose, and
 * those of ships right next to it.
 */
const SHOT_HEARING_RADIUS = 120;
/** Explosions farther than this are not heard; nearer ones get louder. */
const HEARING_RADIUS = 700;
/** An explosion of this radius or more plays at full volume (at zero distance). */
const LOUD_EXPLOSION_RADIUS = 40;
/** At most this many explosion sounds per snapshot: a chain reaction is one roar, not a din. */
const MAX_EXPLOSIONS = 3;
/** The ship flags a power-up sets. */
const POWER_UP_FLAGS = SHIP_FLAG.shield | SHIP_FLAG.rapid | SHIP_FLAG.boost;

/** What the cues are worked out from: one snapshot and the own ship's state before and after it. */
export interface CueInput {
  readonly snapshot: SnapshotMessage;
  /** The own ship before the snapshot (undefined before joining or before it was first seen). */
  readonly before: ShipTuple | undefined;
  readonly after: ShipTuple | undefined;
  /** Side length of the wrap-around world. */
  readonly side: number;
}

const distance = (ax: number, ay: number, bx: number, by: number, side: number): number =>
  Math.hypot(wrapDelta(ax, bx, side), wrapDelta(ay, by, side));

/**
 * Which sounds a snapshot calls for, heard from the own ship: shots fired at it, explosions nearby (louder
 * when near and big), a power-up picked up and its death. A reset snapshot re-sends the world
 * (after a round change or a reconnect), so nothing in it is news.
 */
export function soundCues({ snapshot, before, after, side }: CueInput): SoundCue[] {
  if (!after) return [];
  const cues: SoundCue[] = [];
  const [, x, y] = after;
  const dead = (ship: ShipTuple) => (ship[4] & SHIP_FLAG.dead) !== 0;
  if (!snapshot.reset) {
    if ((snapshot.b ?? []).some(([, bx, by]) => distance(x, y, bx, by, side) <= SHOT_HEARING_RADIUS)) {
      cues.push({ kind: 'shot', volume: 1 });
    }
    const explosions = (snapshot.x ?? [])
      .map(([ex, ey, r]) => {
        const nearness = 1 - distance(x, y, ex, ey, side) / HEARING_RADIUS;
        return Math.min(1, r / LOUD_EXPLOSION_RADIUS) * nearness;
      })
      .filter((volume) => volume > 0)
      .sort((a, b) => b - a)
      .slice(0, MAX_EXPLOSIONS);
    for (const volume of explosions) cues.push({ kind: 'explosion', volume });
  }
  // A reset also restores every ship (new round: full health), which is no power-up.
  if (before && !dead(before) && !snapshot.reset) {
    if (dead(after)) cues.push({ kind: 'death', volume: 1 });
    else if ((after[4] & ~before[4] & POWER_UP_FLAGS) !== 0 || after[5] > before[5]) {
      cues.push({ kind: 'power-up', volume: 1 });
    }
  }
  return cues;
}
