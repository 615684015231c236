/** The world is a torus: everything that leaves one edge comes back on the opposite one. */
export interface WorldSize {
  readonly width: number;
  readonly height: number;
}

/** Brings a coordinate back into [0, size). */
export function wrap(value: number, size: number): number {
  const r = value % size;
  return r < 0 ? r + size : r;
}

/** The shortest signed distance from a to b on a ring of the given size. */
export function wrapDelta(a: number, b: number, size: number): number {
  let d = (b - a) % size;
  if (d > size / 2) d -= size;
  if (d < -size / 2) d += size;
  return d;
}

/**
 * wrapDelta for two coordinates already inside [0, size): no modulo, which matters in the
 * hot loops (collisions, area of interest) that run tens of thousands of times a tick.
 */
export function nearDelta(a: number, b: number, size: number): number {
  const d = b - a;
  const half = size / 2;
  return d > half ? d - size : d < -half ? d + size : d;
}

/** Squared distance between two points, going the short way round the torus. */
export function wrapDistSq(ax: number, ay: number, bx: number, by: number, world: WorldSize): number {
  const dx = wrapDelta(ax, bx, world.width);
  const dy = wrapDelta(ay, by, world.height);
  return dx * dx + dy * dy;
}

/** True when two circles (centres inside the world) overlap; rejects on x before doing more. */
export function circlesTouch(
  ax: number,
  ay: number,
  ar: number,
  bx: number,
  by: number,
  br: number,
  world: WorldSize,
): boolean {
  const r = ar + br;
  const dx = nearDelta(ax, bx, world.width);
  if (dx > r || dx < -r) return false;
  const dy = nearDelta(ay, by, world.height);
  if (dy > r || dy < -r) return false;
  return dx * dx + dy * dy <= r * r;
}

/**
 * Velocities are kept on a 1/100 grid so that a client extrapolating from a quantised message
 * lands exactly where the server does; positions of linear movers then never drift apart.
 */
export function quantVel(v: number): number {
  return Math.round(v * 100) / 100;
}
