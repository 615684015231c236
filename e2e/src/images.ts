import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The repository root: build context of every image. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Images the container tests use, by short name: tag and Dockerfile. */
export const IMAGES = {
  'runtime-smoke': {
    tag: 'gluster-asteroids/runtime-smoke:dev',
    dockerfile: 'images/runtime-smoke/Dockerfile',
  },
  'gluster-server': {
    tag: 'gluster-asteroids/gluster-server:dev',
    dockerfile: 'images/gluster-server/Dockerfile',
  },
  asteroids: {
    tag: 'gluster-asteroids/asteroids:dev',
    dockerfile: 'images/asteroids/Dockerfile',
  },
} as const;

export type ImageName = keyof typeof IMAGES;

/**
 * The CA bundle handed to builds as the `build_ca` secret, so `npm ci` inside a build works
 * behind a TLS-intercepting proxy. GA_BUILD_CA_FILE overrides; absent file means none.
 */
export function buildCaFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.GA_BUILD_CA_FILE ?? '/etc/ssl/certs/ca-certificates.crt';
  return existsSync(candidate) ? candidate : undefined;
}

/** Builds one image from the repository with the local Docker engine (BuildKit). */
export async function buildImage(name: ImageName): Promise<void> {
  const image = IMAGES[name];
  const ca = buildCaFile();
  await execa(
    'docker',
    [
      'build',
      '--quiet',
      ...(ca ? ['--secret', `id=build_ca,src=${ca}`] : []),
      '-f',
      image.dockerfile,
      '-t',
      image.tag,
      '.',
    ],
    { cwd: REPO_ROOT, env: { DOCKER_BUILDKIT: '1' }, timeout: 15 * 60_000 },
  );
}
