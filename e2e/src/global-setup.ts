import { buildImage, IMAGES, type ImageName } from './images.js';
import { ensureTestStackCa } from './stack-ca.js';

/**
 * Runs once before the container tests: builds every image from the working tree (so tests
 * exercise this commit, not a stale tag) and turns off testcontainers' Ryuk reaper, whose image
 * cannot be pulled here; each suite removes its own containers instead.
 */
export default async function setup(): Promise<void> {
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  // TLS is on by default: containers started without compose get this CA (see stack-ca.ts).
  await ensureTestStackCa();
  for (const name of Object.keys(IMAGES) as ImageName[]) {
    const started = performance.now();
    await buildImage(name);
    console.log(`built ${IMAGES[name].tag} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
