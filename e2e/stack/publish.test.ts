import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentErrors } from '../src/agent-log.js';
import { type GlusterCluster, startGlusterCluster } from '../src/gluster-cluster.js';
import { httpGet } from '../src/http-probe.js';
import { REPO_ROOT } from '../src/images.js';
import { type LoopbackRegistry, startLoopbackRegistry } from '../src/loopback-registry.js';
import { runToExit } from '../src/run-to-exit.js';

// The real publish path: scripts/publish.sh builds both images (BuildKit cache: the globalSetup
// built the same layers), pushes them to a registry on loopback, the local tags are deleted, and
// the images come back with `docker pull` and run. Only this file's own tags are touched: the
// :dev images other tests use stay.

const PUBLISHED = ['gluster-server', 'asteroids'] as const;
const VERSION = `0.0.0-test.${randomUUID().slice(0, 8)}`;
const EXIT_INPUT = 2;
const EXIT_CONFIG = 78;

let registry: LoopbackRegistry | undefined;
let cluster: GlusterCluster | undefined;

/** Every reference the script makes for this run: both images, version and latest. */
function references(address: string): string[] {
  return PUBLISHED.flatMap((name) =>
    [VERSION, 'latest'].map((tag) => `${address}/gluster-asteroids/${name}:${tag}`),
  );
}

function registryAddress(): string {
  if (!registry) throw new Error('the registry did not start');
  return registry.address;
}

/** Runs scripts/publish.sh with these variables; REGISTRY, VERSION and PUSH are never inherited. */
function publish(env: Record<string, string>) {
  return execa('bash', ['scripts/publish.sh'], {
    cwd: REPO_ROOT,
    env: { REGISTRY: undefined, VERSION: undefined, PUSH: undefined, ...env },
    reject: false,
    all: true,
    timeout: 15 * 60_000,
  });
}

/** The image's labels, or undefined when no such image is present locally. */
async function imageLabels(reference: string): Promise<Record<string, string> | undefined> {
  const result = await execa(
    'docker',
    ['image', 'inspect', '--format', '{{json .Config.Labels}}', reference],
    {
      reject: false,
      timeout: 30_000,
    },
  );
  return result.exitCode === 0 ? (JSON.parse(result.stdout) as Record<string, string>) : undefined;
}

/** Deletes these tags (not the layers other tags share); a tag already gone is fine. */
async function removeTags(tags: readonly string[]): Promise<void> {
  await execa('docker', ['image', 'rm', ...tags], { reject: false, timeout: 60_000 });
}

beforeAll(async () => {
  registry = await startLoopbackRegistry();
});

afterAll(async () => {
  await cluster?.stop();
  if (registry) await removeTags(references(registry.address));
  await registry?.stop();
});

describe('scripts/publish.sh publishes both images to a registry they can be pulled from and run', () => {
  it('refuses to push without REGISTRY, naming the variable and the fix, and builds nothing', async () => {
    const result = await publish({});
    expect(result.exitCode, result.all).toBe(EXIT_INPUT);
    expect(result.all).toContain('REGISTRY is not set');
    expect(result.all).toContain('Example: REGISTRY=');
    expect(result.all).not.toContain('building');
  });

  it('refuses a VERSION that is not a Docker tag', async () => {
    const result = await publish({ REGISTRY: registryAddress(), VERSION: '1.0/beta' });
    expect(result.exitCode, result.all).toBe(EXIT_INPUT);
    expect(result.all).toContain('VERSION is "1.0/beta"');
  });

  it('tags both images with the version and latest, labels them (OCI) and pushes all four tags', async () => {
    const address = registryAddress();
    const started = performance.now();
    const result = await publish({ REGISTRY: address, VERSION });
    console.log(
      `publish.sh (build + push to a fresh registry): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(result.exitCode, result.all.slice(-3000)).toBe(0);

    const head = await execa('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, reject: false });
    const revision = head.exitCode === 0 ? new RegExp(`^${head.stdout.trim()}(-dirty)?$`) : /^unknown$/;
    for (const name of PUBLISHED) {
      const labels = await imageLabels(`${address}/gluster-asteroids/${name}:${VERSION}`);
      expect(labels, name).toMatchObject({
        'org.opencontainers.image.title': `gluster-asteroids ${name}`,
        'org.opencontainers.image.version': VERSION,
        'org.opencontainers.image.licenses': 'Apache-2.0',
      });
      expect(labels?.['org.opencontainers.image.description']).toBeTruthy();
      expect(labels?.['org.opencontainers.image.source']).toMatch(/^https:\/\//);
      expect(labels?.['org.opencontainers.image.revision']).toMatch(revision);
      const created = Date.parse(labels?.['org.opencontainers.image.created'] ?? '');
      expect(Date.now() - created).toBeLessThan(30 * 60_000);
      // latest is the same image as the version tag.
      expect(await imageLabels(`${address}/gluster-asteroids/${name}:latest`)).toEqual(labels);

      const tags = await httpGet(`http://${address}/v2/gluster-asteroids/${name}/tags/list`);
      expect(tags.status, tags.body).toBe(200);
      expect((JSON.parse(tags.body) as { tags: string[] }).tags.sort()).toEqual([VERSION, 'latest'].sort());
    }
  });

  it('pulls the images back after the local tags are deleted, and they run', async () => {
    const address = registryAddress();
    const pulled = references(address);
    await removeTags(pulled);
    for (const reference of pulled) expect(await imageLabels(reference), reference).toBeUndefined();

    const started = performance.now();
    for (const reference of pulled)
      await execa('docker', ['pull', '--quiet', reference], { timeout: 5 * 60_000 });
    console.log(
      `docker pull of ${pulled.length} tags: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const reference of pulled) {
      expect((await imageLabels(reference))?.['org.opencontainers.image.version'], reference).toBe(VERSION);
    }

    // The pulled gluster-server image forms a replica 2 cluster, configured by env alone.
    cluster = await startGlusterCluster({
      image: `${address}/gluster-asteroids/gluster-server:${VERSION}`,
      nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
    });
    // The pulled asteroids image starts its agent, which checks its env and names what is missing.
    const asteroids = await runToExit({
      env: {},
      image: `${address}/gluster-asteroids/asteroids:latest`,
      network: 'none',
    });
    expect(asteroids.exitCode, asteroids.output).toBe(EXIT_CONFIG);
    expect(
      agentErrors(asteroids.output)
        .map((line) => line.msg)
        .join('\n'),
    ).toContain('GLUSTER_PEER');
  });
});
