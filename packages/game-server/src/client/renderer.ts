import { SHIP_FLAG } from '../shared/protocol/server-messages.js';
import type { ShipView, WorldModel } from '../shared/protocol/world-model.js';
import { wrapDelta } from '../shared/sim/geometry.js';
import { ASTEROID_RADIUS, type AsteroidSize } from '../shared/sim/rules.js';

const POWER_UP_STYLE = [
  { letter: 'S', color: '#4fc3f7' }, // shield
  { letter: '+', color: '#81c784' }, // health
  { letter: 'R', color: '#ffb74d' }, // rapid fire
  { letter: 'B', color: '#e57373' }, // boost
] as const;

/** Visible world height/width targets: a little inside the server's area of interest. */
const VIEW_W = 1300;
const VIEW_H = 900;

/** A rock's outline, jagged but stable for its id. */
function rockShape(id: number): number[] {
  const pts: number[] = [];
  let s = id * 9301 + 49297;
  for (let i = 0; i < 11; i++) {
    s = (s * 9301 + 49297) % 233280;
    pts.push(0.75 + (s / 233280) * 0.35);
  }
  return pts;
}

export interface Camera {
  x: number;
  y: number;
}

/** Draws one frame of the world on a canvas; names are drawn as text, never parsed as HTML. */
export class Renderer {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly shapes = new Map<number, number[]>();
  /** Ship positions on screen in the last frame, for tests and debugging. */
  lastDrawn = { ships: 0, asteroids: 0 };

  constructor(private readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context unavailable');
    this.ctx = ctx;
  }

  draw(
    model: WorldModel,
    tick: number,
    me: number | undefined,
    names: ReadonlyMap<number, { name: string; hue: number }>,
    cam: Camera,
  ): void {
    const { canvas, ctx } = this;
    const w = Math.round(canvas.clientWidth * devicePixelRatio);
    const h = Math.round(canvas.clientHeight * devicePixelRatio);
    // Assigning the size clears and reallocates the canvas, so only do it when it changed.
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const scale = Math.max(w / VIEW_W, h / VIEW_H);
    const side = model.side || 1;
    const sx = (x: number) => w / 2 + wrapDelta(cam.x, x, side) * scale;
    const sy = (y: number) => h / 2 + wrapDelta(cam.y, y, side) * scale;
    ctx.fillStyle = '#05060a';
    ctx.fillRect(0, 0, w, h);
    this.stars(cam, scale, w, h);

    ctx.lineWidth = Math.max(1, 2 * scale);
    let rocks = 0;
    for (const a of model.asteroids.values()) {
      const p = model.moverAt(a, tick);
      const r = ASTEROID_RADIUS[a.extra as AsteroidSize] ?? 20;
      let shape = this.shapes.get(a.id);
      if (!shape) {
        shape = rockShape(a.id);
        this.shapes.set(a.id, shape);
      }
      ctx.strokeStyle = a.extra === 4 ? '#ff8a65' : '#b0bec5';
      ctx.beginPath();
      shape.forEach((k, i) => {
        const ang = (i / shape.length) * Math.PI * 2 + tick * 0.01 * ((a.id % 3) - 1);
        const px = sx(p.x) + Math.cos(ang) * r * k * scale;
        const py = sy(p.y) + Math.sin(ang) * r * k * scale;
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.closePath();
      ctx.stroke();
      rocks += 1;
    }
    if (this.shapes.size > 2000) this.shapes.clear();

    ctx.font = `${Math.round(14 * scale)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const [, u] of model.powerUps) {
      const style = POWER_UP_STYLE[u.kind] ?? POWER_UP_STYLE[0];
      ctx.strokeStyle = style.color;
      ctx.fillStyle = style.color;
      ctx.beginPath();
      ctx.arc(sx(u.x), sy(u.y), 14 * scale, 0, Math.PI * 2);
      ctx.stroke();
      ctx.fillText(style.letter, sx(u.x), sy(u.y));
    }

    ctx.fillStyle = '#fff59d';
    for (const b of model.bullets.values()) {
      const p = model.moverAt(b, tick);
      ctx.fillRect(sx(p.x) - 2 * scale, sy(p.y) - 2 * scale, 4 * scale, 4 * scale);
    }

    const ships = model.shipsAt(tick);
    for (const s of ships) this.ship(s, sx(s.x), sy(s.y), scale, tick, s.id === me, names.get(s.id));

    for (const e of model.explosions) {
      const age = Math.max(0, tick - e.tick);
      ctx.strokeStyle = `rgba(255, 200, 120, ${Math.max(0, 1 - age / 20)})`;
      ctx.beginPath();
      ctx.arc(sx(e.x), sy(e.y), (e.r * 0.5 + age * 3) * scale, 0, Math.PI * 2);
      ctx.stroke();
    }
    this.lastDrawn = { ships: ships.filter((s) => !(s.flags & SHIP_FLAG.dead)).length, asteroids: rocks };
  }

  /** A line of text across the middle of the screen (respawn countdown and the like). */
  banner(text: string): void {
    const { ctx, canvas } = this;
    ctx.fillStyle = '#eceff1';
    ctx.font = `${Math.round(canvas.height / 18)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.fillText(text, canvas.width / 2, canvas.height / 3);
  }

  private ship(
    s: ShipView,
    x: number,
    y: number,
    scale: number,
    tick: number,
    mine: boolean,
    who?: { name: string; hue: number },
  ): void {
    if (s.flags & SHIP_FLAG.dead) return;
    const { ctx } = this;
    const hue = who?.hue ?? 0;
    // Spawn protection blinks so others know the ship cannot be hit yet.
    if (s.flags & SHIP_FLAG.protected && Math.floor(tick / 3) % 2 === 0) ctx.globalAlpha = 0.4;
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(s.angle);
    ctx.strokeStyle = `hsl(${hue} 90% 60%)`;
    ctx.lineWidth = Math.max(1.5, (mine ? 3 : 2) * scale);
    ctx.beginPath();
    ctx.moveTo(18 * scale, 0);
    ctx.lineTo(-12 * scale, 11 * scale);
    ctx.lineTo(-7 * scale, 0);
    ctx.lineTo(-12 * scale, -11 * scale);
    ctx.closePath();
    ctx.stroke();
    if (s.flags & SHIP_FLAG.thrust) {
      ctx.strokeStyle = s.flags & SHIP_FLAG.boost ? '#ff5252' : '#ffab40';
      ctx.beginPath();
      ctx.moveTo(-9 * scale, 5 * scale);
      ctx.lineTo(-(18 + (tick % 3) * 4) * scale, 0);
      ctx.lineTo(-9 * scale, -5 * scale);
      ctx.stroke();
    }
    ctx.restore();
    if (s.flags & SHIP_FLAG.shield) {
      ctx.strokeStyle = '#4fc3f7';
      ctx.beginPath();
      ctx.arc(x, y, 24 * scale, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = `hsl(${hue} 80% 75%)`;
    ctx.font = `${Math.round(12 * scale)}px sans-serif`;
    ctx.fillText(`${who?.name ?? ''} ${'♥'.repeat(Math.max(0, s.hp))}`, x, y + 30 * scale);
  }

  private stars(cam: Camera, scale: number, w: number, h: number): void {
    const { ctx } = this;
    ctx.fillStyle = '#37474f';
    for (let i = 0; i < 120; i++) {
      const px = (((i * 7919) % 1999) - cam.x * 0.3 * scale) % w;
      const py = (((i * 104729) % 1777) - cam.y * 0.3 * scale) % h;
      ctx.fillRect(px < 0 ? px + w : px, py < 0 ? py + h : py, 2, 2);
    }
  }
}
