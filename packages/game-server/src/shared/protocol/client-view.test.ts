import { describe, expect, it } from 'vitest';
import { ArenaSim } from '../sim/arena-sim.js';
import { wrapDelta } from '../sim/geometry.js';
import { DEFAULT_RULES } from '../sim/rules.js';
import { ArenaSnapshot } from './arena-snapshot.js';
import { ClientView, VIEW_HALF_W } from './client-view.js';
import { KEY } from './keys.js';
import type { SnapshotMessage } from './server-messages.js';
import { WorldModel } from './world-model.js';

function run(sim: ArenaSim, viewer: number, ticks: number, onSnap?: (m: SnapshotMessage) => void) {
  const view = new ClientView(viewer);
  const shared = new ArenaSnapshot();
  const model = new WorldModel();
  let bytes = 0;
  for (let t = 0; t < ticks; t++) {
    const ev = sim.step();
    shared.update(sim.state, {
      newBullets: ev.newBullets.map((b) => b.id),
      removedBullets: ev.removedBullets,
      explosions: ev.explosions,
    });
    const msg = view.snapshot(shared);
    bytes += JSON.stringify(msg).length;
    model.apply(msg);
    onSnap?.(msg);
  }
  return { model, bytes };
}

describe('ClientView and WorldModel', () => {
  it('starts with a complete snapshot and then sends only changes', () => {
    const sim = new ArenaSim({ seed: 5 });
    const me = sim.addPlayer('me', 0);
    const snaps: SnapshotMessage[] = [];
    run(sim, me, 3, (m) => snaps.push(m));
    expect(snaps[0]?.reset).toBe(1);
    expect(snaps[0]?.sh?.length).toBe(1);
    // A ship sitting still is not repeated.
    expect(snaps[2]?.sh).toBeUndefined();
    expect(snaps[2]?.as).toBeUndefined();
  });

  it('lets the client place ships and rocks where the server has them', () => {
    const sim = new ArenaSim({ seed: 11 });
    const me = sim.addPlayer('me', 0);
    const other = sim.addPlayer('other', 50);
    for (let t = 0; t < 200; t++) {
      sim.setInput(me, t % 50 < 30 ? KEY.thrust | KEY.fire : KEY.left);
      sim.setInput(other, KEY.right | KEY.thrust);
      sim.step();
    }
    // A client joining the evolved game must agree with the server, rock by rock.
    const fresh = run(sim, me, 5).model;
    const side = sim.state.world.width;
    for (const a of fresh.asteroids.values()) {
      const server = sim.state.asteroids.get(a.id);
      if (!server) continue;
      const pos = fresh.moverAt(a, fresh.latestTick);
      expect(Math.abs(wrapDelta(pos.x, server.x, side))).toBeLessThan(0.5);
      expect(Math.abs(wrapDelta(pos.y, server.y, side))).toBeLessThan(0.5);
    }
    const mine = fresh.shipsAt(fresh.latestTick).find((s) => s.id === me);
    const serverMe = sim.state.players.get(me);
    expect(mine && serverMe && Math.abs(wrapDelta(mine.x, serverMe.x, side))).toBeLessThan(1);
  });

  it('keeps extrapolated rocks in step with the server over many ticks', () => {
    const sim = new ArenaSim({ seed: 21 });
    const me = sim.addPlayer('me', 0);
    const { model } = run(sim, me, 300, () => sim.setInput(me, 0));
    const side = sim.state.world.width;
    let checked = 0;
    for (const a of model.asteroids.values()) {
      const server = sim.state.asteroids.get(a.id);
      expect(server, `client keeps rock ${a.id} the server no longer has`).toBeDefined();
      if (!server) continue;
      const pos = model.moverAt(a, model.latestTick);
      expect(Math.abs(wrapDelta(pos.x, server.x, side))).toBeLessThan(0.5);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('only tells a client about ships near it', () => {
    const sim = new ArenaSim({ seed: 8 });
    for (let i = 0; i < 32; i++) sim.addPlayer(`p${i}`, i * 10);
    const p = [...sim.state.players.values()][0];
    if (!p) throw new Error('no players');
    const { model } = run(sim, p.id, 1);
    const ships = model.shipsAt(model.latestTick);
    expect(ships.length).toBeLessThan(32);
    for (const s of ships) {
      expect(Math.abs(wrapDelta(p.x, s.x, sim.state.world.width))).toBeLessThanOrEqual(VIEW_HALF_W + 200);
    }
  });

  it('sends rocks standing still during the pause between rounds so clients do not move them', () => {
    const sim = new ArenaSim({ seed: 4, rules: { ...DEFAULT_RULES, roundS: 1, intermissionS: 5 } });
    const me = sim.addPlayer('me', 0);
    for (let t = 0; t < DEFAULT_RULES.tickHz; t++) {
      sim.setInput(me, 0);
      sim.step();
    }
    expect(sim.round.phase).toBe('intermission');
    const shared = new ArenaSnapshot();
    shared.update(sim.state, { newBullets: [], removedBullets: [], explosions: [] });
    const msg = new ClientView(me).snapshot(shared);
    expect(msg.as?.length).toBeGreaterThan(0);
    for (const a of msg.as ?? []) expect([a[3], a[4]]).toEqual([0, 0]);
  });

  it('interpolates a ship between two snapshots the short way round the world edge', () => {
    const model = new WorldModel();
    model.apply({ t: 's', k: 10, reset: 1, w: 1000, sh: [[1, 990, 500, 0, 0, 3]] });
    model.apply({ t: 's', k: 11, sh: [[1, 10, 500, 0, 0, 3]] });
    const [ship] = model.shipsAt(10.5);
    expect(ship?.x).toBeCloseTo(0, 5);
  });
});
