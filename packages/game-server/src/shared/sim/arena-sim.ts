import { type ArenaState, emptyEvents, type StepEvents, scoreboard } from './arena-state.js';
import { spawnAsteroid } from './asteroids.js';
import { Collisions } from './collisions.js';
import type { Player, ScoreRow } from './entities.js';
import { wrap } from './geometry.js';
import { powerUpCapFor, spawnPowerUp } from './power-ups.js';
import { Rng } from './rng.js';
import { RoundClock } from './round-clock.js';
import { asteroidTargetFor, DEFAULT_RULES, type GameRules, PHYSICS, worldSideFor } from './rules.js';
import { stepShip, tryFire } from './ship-physics.js';

export interface ArenaSimOptions {
  readonly seed: number;
  readonly rules?: GameRules;
}

/**
 * The authoritative game of one arena. Pure: it knows nothing of sockets or wall time; each
 * call to step() is one tick, and the same seed and inputs always give the same game.
 */
export class ArenaSim {
  readonly state: ArenaState;
  readonly rules: GameRules;
  readonly round: RoundClock;
  private readonly collisions: Collisions;
  private idCounter = 0;

  constructor(options: ArenaSimOptions) {
    this.rules = options.rules ?? DEFAULT_RULES;
    const hz = this.rules.tickHz;
    const side = worldSideFor(0);
    this.state = {
      tick: 0,
      hz,
      paused: false,
      world: { width: side, height: side },
      rng: new Rng(options.seed),
      players: new Map(),
      asteroids: new Map(),
      bullets: new Map(),
      powerUps: new Map(),
      nextId: () => ++this.idCounter,
    };
    this.collisions = new Collisions(this.state.world);
    this.round = new RoundClock(
      Math.round(this.rules.roundS * hz),
      Math.round(this.rules.intermissionS * hz),
      0,
    );
    this.refillAsteroids();
  }

  get playerCount(): number {
    return this.state.players.size;
  }

  /** Adds a player whose ship spawns protected at a random spot; returns the player's id. */
  addPlayer(name: string, hue: number): number {
    const s = this.state;
    const id = s.nextId();
    const p: Player = {
      id,
      name,
      hue,
      x: 0,
      y: 0,
      vx: 0,
      vy: 0,
      angle: 0,
      hp: PHYSICS.maxHp,
      alive: true,
      respawnAt: 0,
      protectedUntil: 0,
      shieldUntil: 0,
      rapidUntil: 0,
      boostUntil: 0,
      nextFireAt: 0,
      keys: 0,
      lastInputTick: s.tick,
      score: 0,
      kills: 0,
      deaths: 0,
    };
    s.players.set(id, p);
    this.growWorld();
    this.spawnShip(p);
    return id;
  }

  removePlayer(id: number): void {
    this.state.players.delete(id);
  }

  /** Records a player's held keys; also counts as activity for the idle timeout. */
  setInput(id: number, keys: number): void {
    const p = this.state.players.get(id);
    if (!p) return;
    p.keys = keys;
    p.lastInputTick = this.state.tick;
  }

  scoreboard(): ScoreRow[] {
    return scoreboard(this.state.players.values());
  }

  /** Advances the arena by one tick and reports what happened. */
  step(): StepEvents {
    const s = this.state;
    const ev = emptyEvents();
    s.tick += 1;
    this.removeIdle(ev);
    const change = this.round.advance(s.tick);
    if (change === 'round-ended') ev.roundEnded = this.scoreboard();
    if (change === 'round-started') {
      this.startRound();
      ev.roundStarted = true;
    }
    // The pause between rounds freezes the world so everyone can read the scoreboard.
    s.paused = this.round.phase === 'intermission';
    if (s.paused) return ev;
    for (const b of s.bullets.values()) {
      if (s.tick >= b.expiresAt) {
        s.bullets.delete(b.id);
        continue;
      }
      b.x = wrap(b.x + b.vx, s.world.width);
      b.y = wrap(b.y + b.vy, s.world.height);
    }
    for (const a of s.asteroids.values()) {
      a.x = wrap(a.x + a.vx, s.world.width);
      a.y = wrap(a.y + a.vy, s.world.height);
    }
    for (const p of s.players.values()) {
      if (!p.alive) {
        if (s.tick >= p.respawnAt) this.spawnShip(p);
        continue;
      }
      stepShip(p, s.tick, s.hz, s.world);
      const bullet = tryFire(p, s.tick, s.hz, s.nextId());
      if (bullet) {
        s.bullets.set(bullet.id, bullet);
        ev.newBullets.push(bullet);
      }
    }
    this.collisions.resolve(s, ev);
    for (const u of s.powerUps.values()) if (s.tick >= u.expiresAt) s.powerUps.delete(u.id);
    const every = Math.round(PHYSICS.powerUpEveryS * s.hz);
    if (s.tick % every === 0 && s.powerUps.size < powerUpCapFor(s.players.size)) {
      const u = spawnPowerUp(s.rng, s.nextId(), s.world, s.tick, s.hz);
      s.powerUps.set(u.id, u);
    }
    this.refillAsteroids();
    return ev;
  }

  private removeIdle(ev: StepEvents): void {
    const limit = Math.round(this.rules.idleTimeoutS * this.state.hz);
    for (const p of this.state.players.values()) {
      if (this.state.tick - p.lastInputTick > limit) {
        this.state.players.delete(p.id);
        ev.idle.push(p.id);
      }
    }
  }

  private startRound(): void {
    const s = this.state;
    s.bullets.clear();
    s.asteroids.clear();
    s.powerUps.clear();
    for (const p of s.players.values()) {
      p.score = 0;
      p.kills = 0;
      p.deaths = 0;
      this.spawnShip(p);
    }
    this.refillAsteroids();
  }

  private spawnShip(p: Player): void {
    const s = this.state;
    p.x = Math.round(s.rng.range(0, s.world.width));
    p.y = Math.round(s.rng.range(0, s.world.height));
    p.vx = 0;
    p.vy = 0;
    p.angle = -Math.PI / 2;
    p.hp = PHYSICS.maxHp;
    p.alive = true;
    p.protectedUntil = s.tick + Math.round(PHYSICS.spawnProtectionS * s.hz);
  }

  /** The world only grows during a round so nothing is ever outside it. */
  private growWorld(): void {
    const side = worldSideFor(this.state.players.size);
    if (side > this.state.world.width) this.state.world = { width: side, height: side };
  }

  private refillAsteroids(): void {
    const s = this.state;
    const target = asteroidTargetFor(s.players.size);
    // Most ticks need no new rock; only then is the list of ships to keep clear of built.
    if (s.asteroids.size >= target) return;
    const ships = [...s.players.values()].filter((p) => p.alive);
    while (s.asteroids.size < target) {
      const a = spawnAsteroid(s.rng, s.nextId(), s.world, s.hz, ships);
      s.asteroids.set(a.id, a);
    }
  }
}
