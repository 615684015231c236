import type { SoundKind } from './sound-cues.js';

/**
 * What the client publishes as `globalThis.gameDebug` after each frame it draws, for the browser
 * tests: they read the game's state from here instead of from pixels.
 */
export interface GameDebug {
  /** The own ship's id, once welcomed. */
  me?: number;
  /** Welcomes received: 2 after a reconnect and rejoin. */
  welcomes: number;
  /** Ships and asteroids drawn in the last frame. */
  ships: number;
  asteroids: number;
  /** The camera (the own ship) in world units. */
  x: number;
  y: number;
  /** The newest snapshot's server tick. */
  tick: number;
  /** Sound effects asked for (muted or not) and actually started so far, by kind. */
  cued: Record<SoundKind, number>;
  sounds: Record<SoundKind, number>;
  muted: boolean;
}
