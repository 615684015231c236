import { execa } from 'execa';
import { IMAGES, REPO_ROOT } from '../e2e/src/images.js';

/** The bench-only image: the asteroids image plus wrk (bench/static-serving.Dockerfile). */
export const STATIC_BENCH_IMAGE = 'gluster-asteroids/asteroids-bench:dev';

/**
 * Builds the bench-only image on top of the asteroids image the tests built. Its context is
 * bench/ alone (the Dockerfile copies nothing); apt reaches Debian's mirrors directly.
 */
export async function buildStaticBenchImage(): Promise<void> {
  await execa(
    'docker',
    [
      'build',
      '--quiet',
      '--build-arg',
      `ASTEROIDS_IMAGE=${IMAGES.asteroids.tag}`,
      '-f',
      'bench/static-serving.Dockerfile',
      '-t',
      STATIC_BENCH_IMAGE,
      'bench',
    ],
    { cwd: REPO_ROOT, env: { DOCKER_BUILDKIT: '1' }, timeout: 10 * 60_000 },
  );
}
