import { describe, expect, it } from 'vitest';
import { SHIP_FLAG, type ShipTuple, type SnapshotMessage } from '../shared/protocol/server-messages.js';
import { soundCues } from './sound-cues.js';

const SIDE = 2000;
/** The own ship: id 7 at (100, 100), no flags, 3 hp. */
const ship = (flags = 0, hp = 3, x = 100, y = 100): ShipTuple => [7, x, y, 0, flags, hp];
const snap = (parts: Partial<SnapshotMessage> = {}): SnapshotMessage => ({ t: 's', k: 10, ...parts });
const kinds = (cues: ReturnType<typeof soundCues>) => cues.map((cue) => cue.kind);

describe('soundCues', () => {
  it('plays a shot for a bullet fired at the own ship, also across the wrap-around edge', () => {
    // Two ticks after leaving the nose: ~70 units ahead.
    const fired = snap({ b: [[1, 170, 90, 500, 0, 30]] });
    expect(kinds(soundCues({ snapshot: fired, before: ship(), after: ship(), side: SIDE }))).toEqual([
      'shot',
    ]);
    const acrossEdge = snap({ b: [[1, 1990, 5, 500, 0, 30]] });
    const atEdge = ship(0, 3, 10, 10);
    expect(kinds(soundCues({ snapshot: acrossEdge, before: atEdge, after: atEdge, side: SIDE }))).toEqual([
      'shot',
    ]);
  });

  it("stays silent for other ships' bullets far away and for bullets re-sent by a reset", () => {
    const far = snap({ b: [[1, 300, 100, 500, 0, 30]] });
    expect(soundCues({ snapshot: far, before: ship(), after: ship(), side: SIDE })).toEqual([]);
    const reset = snap({ reset: 1, b: [[1, 110, 100, 500, 0, 30]], x: [[100, 100, 40]] });
    expect(soundCues({ snapshot: reset, before: ship(), after: ship(), side: SIDE })).toEqual([]);
  });

  it('makes near and big explosions loud, far ones quiet, unheard ones silent, and at most three', () => {
    const cues = soundCues({
      snapshot: snap({
        x: [
          [100, 100, 40],
          [450, 100, 40],
          [100, 100, 10],
          [1000, 1000, 40],
          [110, 100, 40],
        ],
      }),
      before: ship(),
      after: ship(),
      side: SIDE,
    });
    expect(cues.map((cue) => [cue.kind, Number(cue.volume.toFixed(2))])).toEqual([
      ['explosion', 1],
      ['explosion', 0.99],
      ['explosion', 0.5],
    ]);
  });

  it('plays a power-up when a power-up flag appears or health grows, not for spawn protection', () => {
    const shielded = soundCues({
      snapshot: snap(),
      before: ship(),
      after: ship(SHIP_FLAG.shield),
      side: SIDE,
    });
    expect(kinds(shielded)).toEqual(['power-up']);
    const healed = soundCues({ snapshot: snap(), before: ship(0, 2), after: ship(0, 3), side: SIDE });
    expect(kinds(healed)).toEqual(['power-up']);
    const kept = soundCues({
      snapshot: snap(),
      before: ship(SHIP_FLAG.rapid),
      after: ship(SHIP_FLAG.rapid | SHIP_FLAG.thrust),
      side: SIDE,
    });
    expect(kept).toEqual([]);
    const spawned = soundCues({
      snapshot: snap(),
      before: ship(),
      after: ship(SHIP_FLAG.protected),
      side: SIDE,
    });
    expect(spawned).toEqual([]);
  });

  it('plays no power-up when a new round restores a damaged ship (a reset snapshot)', () => {
    const newRound = soundCues({
      snapshot: snap({ reset: 1 }),
      before: ship(0, 1),
      after: ship(0, 3),
      side: SIDE,
    });
    expect(newRound).toEqual([]);
  });

  it('plays a death once, and nothing for the respawn that follows it', () => {
    const died = soundCues({ snapshot: snap(), before: ship(), after: ship(SHIP_FLAG.dead, 0), side: SIDE });
    expect(kinds(died)).toEqual(['death']);
    const stillDead = soundCues({
      snapshot: snap(),
      before: ship(SHIP_FLAG.dead, 0),
      after: ship(SHIP_FLAG.dead, 0),
      side: SIDE,
    });
    expect(stillDead).toEqual([]);
    const respawned = soundCues({
      snapshot: snap(),
      before: ship(SHIP_FLAG.dead, 0),
      after: ship(SHIP_FLAG.protected, 3),
      side: SIDE,
    });
    expect(respawned).toEqual([]);
  });

  it('is silent before the own ship is known', () => {
    const fired = snap({ b: [[1, 100, 100, 500, 0, 30]], x: [[100, 100, 40]] });
    expect(soundCues({ snapshot: fired, before: undefined, after: undefined, side: SIDE })).toEqual([]);
  });
});
