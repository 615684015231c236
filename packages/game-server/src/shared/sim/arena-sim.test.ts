import { describe, expect, it } from 'vitest';
import { KEY } from '../protocol/keys.js';
import { ArenaSim } from './arena-sim.js';
import type { Asteroid, Player } from './entities.js';
import { Rng } from './rng.js';
import { ASTEROID_SCORE, DEFAULT_RULES, PHYSICS, SHIP_KILL_SCORE, worldSideFor } from './rules.js';

const HZ = DEFAULT_RULES.tickHz;

/** An arena with no rocks, so each test places exactly what it needs. */
function emptyArena(seed = 7, rules = DEFAULT_RULES): ArenaSim {
  const sim = new ArenaSim({ seed, rules });
  sim.state.asteroids.clear();
  sim.state.powerUps.clear();
  return sim;
}

function player(sim: ArenaSim, id: number): Player {
  const p = sim.state.players.get(id);
  if (!p) throw new Error(`no player ${id}`);
  return p;
}

function place(sim: ArenaSim, a: Omit<Asteroid, 'id'>): Asteroid {
  const rock = { id: sim.state.nextId(), ...a };
  sim.state.asteroids.set(rock.id, rock);
  return rock;
}

/** Stops refilling from interfering: rocks far away in a corner are never touched. */
function stepWithoutRefill(sim: ArenaSim, n = 1): void {
  for (let i = 0; i < n; i++) {
    sim.step();
    for (const [id, a] of sim.state.asteroids) if (a.x > 5000) sim.state.asteroids.delete(id);
  }
}

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });
});

describe('ArenaSim', () => {
  it('plays the same game twice from the same seed and inputs', () => {
    const run = () => {
      const sim = new ArenaSim({ seed: 99 });
      const a = sim.addPlayer('a', 10);
      const b = sim.addPlayer('b', 200);
      for (let t = 0; t < 400; t++) {
        sim.setInput(a, t % 40 < 20 ? KEY.thrust | KEY.fire : KEY.left | KEY.fire);
        sim.setInput(b, t % 30 < 15 ? KEY.right | KEY.fire : KEY.thrust);
        sim.step();
      }
      return JSON.stringify([...sim.state.players.values(), ...sim.state.asteroids.values()]);
    };
    expect(run()).toEqual(run());
  });

  it('moves a thrusting ship forward and wraps it around the world edge', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('pilot', 0));
    p.x = sim.state.world.width - 5;
    p.y = 500;
    p.angle = 0;
    sim.setInput(p.id, KEY.thrust);
    stepWithoutRefill(sim, 10);
    expect(p.vx).toBeGreaterThan(0);
    expect(p.x).toBeLessThan(100);
  });

  it('splits a large rock hit by a bullet into two medium rocks and credits the shooter', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('shooter', 0));
    Object.assign(p, { x: 300, y: 300, angle: 0, protectedUntil: 0 });
    const rock = place(sim, { x: 380, y: 300, vx: 0, vy: 0, size: 3, hp: 1 });
    sim.setInput(p.id, KEY.fire);
    stepWithoutRefill(sim, 6);
    expect(sim.state.asteroids.has(rock.id)).toBe(false);
    const mediums = [...sim.state.asteroids.values()].filter((a) => a.size === 2);
    expect(mediums.length).toBeGreaterThanOrEqual(2);
    expect(p.score).toBeGreaterThanOrEqual(ASTEROID_SCORE[3]);
  });

  it('leaves nothing behind when a small rock is destroyed', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('shooter', 0));
    Object.assign(p, { x: 300, y: 300, angle: 0 });
    const rock = place(sim, { x: 360, y: 300, vx: 0, vy: 0, size: 1, hp: 1 });
    const before = sim.state.asteroids.size;
    sim.setInput(p.id, KEY.fire);
    stepWithoutRefill(sim, 4);
    expect(sim.state.asteroids.has(rock.id)).toBe(false);
    expect([...sim.state.asteroids.values()].filter((a) => a.x === 360 && a.y === 300)).toHaveLength(0);
    expect(p.score).toBe(ASTEROID_SCORE[1]);
    expect(before).toBe(1);
  });

  it('needs several hits to break a giant rock, which then leaves three large rocks', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('shooter', 0));
    Object.assign(p, { x: 200, y: 300, angle: 0 });
    const giant = place(sim, { x: 400, y: 300, vx: 0, vy: 0, size: 4, hp: PHYSICS.giantHits });
    sim.setInput(p.id, KEY.fire);
    stepWithoutRefill(sim, 6);
    expect(sim.state.asteroids.get(giant.id)?.hp).toBeLessThan(PHYSICS.giantHits);
    stepWithoutRefill(sim, 40);
    expect(sim.state.asteroids.has(giant.id)).toBe(false);
    const larges = [...sim.state.asteroids.values()].filter((a) => a.size === 3);
    expect(larges.length).toBeGreaterThanOrEqual(3);
  });

  it('kills a ship after enough bullet hits and credits the killer with a kill and score', () => {
    const sim = emptyArena();
    const killer = player(sim, sim.addPlayer('killer', 0));
    const victim = player(sim, sim.addPlayer('victim', 100));
    Object.assign(killer, { x: 300, y: 300, angle: 0, protectedUntil: 0 });
    Object.assign(victim, { x: 400, y: 300, protectedUntil: 0 });
    sim.setInput(killer.id, KEY.fire);
    sim.setInput(victim.id, 0);
    for (let i = 0; i < 80 && victim.alive; i++) stepWithoutRefill(sim);
    expect(victim.alive).toBe(false);
    expect(victim.deaths).toBe(1);
    expect(killer.kills).toBe(1);
    expect(killer.score).toBe(SHIP_KILL_SCORE);
  });

  it('protects a freshly spawned ship from bullets', () => {
    const sim = emptyArena();
    const shooter = player(sim, sim.addPlayer('s', 0));
    const fresh = player(sim, sim.addPlayer('f', 100));
    Object.assign(shooter, { x: 300, y: 300, angle: 0 });
    Object.assign(fresh, { x: 380, y: 300 });
    sim.setInput(shooter.id, KEY.fire);
    stepWithoutRefill(sim, 20);
    expect(fresh.hp).toBe(PHYSICS.maxHp);
    expect(fresh.alive).toBe(true);
  });

  it('respawns a dead ship after the respawn delay with spawn protection', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('p', 0));
    Object.assign(p, { alive: false, respawnAt: sim.state.tick + 3 });
    stepWithoutRefill(sim, 3);
    expect(p.alive).toBe(true);
    expect(p.protectedUntil).toBeGreaterThan(sim.state.tick);
  });

  it('applies each power-up kind when a ship flies over it', () => {
    const sim = emptyArena();
    const p = player(sim, sim.addPlayer('p', 0));
    const kinds = ['shield', 'health', 'rapid', 'boost'] as const;
    p.hp = 1;
    for (const kind of kinds) {
      Object.assign(p, { x: 500, y: 500, vx: 0, vy: 0 });
      const id = sim.state.nextId();
      sim.state.powerUps.set(id, { id, kind, x: 500, y: 500, expiresAt: sim.state.tick + 100 });
      stepWithoutRefill(sim);
      expect(sim.state.powerUps.has(id)).toBe(false);
    }
    expect(p.shieldUntil).toBeGreaterThan(sim.state.tick);
    expect(p.hp).toBe(2);
    expect(p.rapidUntil).toBeGreaterThan(sim.state.tick);
    expect(p.boostUntil).toBeGreaterThan(sim.state.tick);
  });

  it('ends the round with a scoreboard, pauses, then starts a new round with scores reset', () => {
    const rules = { ...DEFAULT_RULES, roundS: 2, intermissionS: 1 };
    const sim = new ArenaSim({ seed: 3, rules });
    const p = player(sim, sim.addPlayer('p', 0));
    p.score = 1234;
    let ended: unknown;
    for (let i = 0; i < 2 * HZ; i++) {
      sim.setInput(p.id, 0);
      const ev = sim.step();
      ended ??= ev.roundEnded;
    }
    expect(ended).toEqual([expect.objectContaining({ name: 'p', score: 1234 })]);
    expect(sim.round.phase).toBe('intermission');
    const frozenAt = p.x;
    p.vx = 100;
    sim.step();
    expect(p.x).toBe(frozenAt);
    let started = false;
    for (let i = 0; i < HZ; i++) started = sim.step().roundStarted === true || started;
    expect(started).toBe(true);
    expect(sim.round.round).toBe(2);
    expect(p.score).toBe(0);
  });

  it('removes a player who sent no input for the idle timeout', () => {
    const sim = new ArenaSim({ seed: 1, rules: { ...DEFAULT_RULES, idleTimeoutS: 1 } });
    const idle = sim.addPlayer('idle', 0);
    const active = sim.addPlayer('active', 0);
    const removed: number[] = [];
    for (let i = 0; i < HZ + 2; i++) {
      sim.setInput(active, KEY.left);
      removed.push(...sim.step().idle);
    }
    expect(removed).toEqual([idle]);
    expect(sim.state.players.has(active)).toBe(true);
  });

  it('grows the world as players join', () => {
    const sim = new ArenaSim({ seed: 1 });
    const small = sim.state.world.width;
    for (let i = 0; i < 32; i++) sim.addPlayer(`p${i}`, 0);
    expect(sim.state.world.width).toBe(worldSideFor(32));
    expect(sim.state.world.width).toBeGreaterThan(small);
  });
});
