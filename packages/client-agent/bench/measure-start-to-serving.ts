import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GLUSTER_DOCKER_RUN_FLAGS } from '../../../e2e/src/gluster-node.js';
import { ensureTestStackCa, STACK_CA_RUN_FLAGS } from '../../../e2e/src/stack-ca.js';

const exec = promisify(execFile);
const PREFIX = `ga-bench-${process.pid}`;
const NETWORK = `${PREFIX}-net`;
const created: string[] = [];

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function pageOk(port: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status === 200;
}

async function ready(container: string): Promise<boolean> {
  await docker('exec', container, 'node', '/opt/gluster-asteroids/healthcheck.mjs', '/readyz');
  return true;
}

/** `docker run -d` on the bench network with the storage capabilities; removed at the end. */
async function runOnNetwork(name: string, args: readonly string[], image: string): Promise<void> {
  created.push(name);
  await docker(
    'run',
    '-d',
    '--name',
    name,
    '--network',
    NETWORK,
    ...GLUSTER_DOCKER_RUN_FLAGS,
    ...STACK_CA_RUN_FLAGS,
    ...args,
    image,
  );
}

async function startServer(name: string, env: string[]): Promise<void> {
  const alias = name.split('-').at(-1) as string;
  await runOnNetwork(
    name,
    ['--network-alias', alias, '-e', `GLUSTER_NODE_ADDRESS=${alias}`, ...env],
    'gluster-asteroids/gluster-server:dev',
  );
}

/**
 * Starts an asteroids container and returns ms from `docker run` to the first 200 of the page.
 * Unless kept, the container is removed after: idle asteroids containers (each a game server
 * ticking and a client remounting) would load the host and skew the later measurements.
 */
async function timeAsteroidsStart(name: string, keep = false): Promise<number> {
  const started = performance.now();
  await runOnNetwork(
    name,
    ['-p', '127.0.0.1::80', '-e', 'GLUSTER_PEER=gluster01,gluster02'],
    'gluster-asteroids/asteroids:dev',
  );
  const port = (await docker('port', name, '80')).split(':').at(-1) as string;
  await waitFor('the page', () => pageOk(port));
  const elapsed = performance.now() - started;
  if (!keep) await docker('rm', '-f', '-v', name);
  return elapsed;
}

/** What one measurement of the asteroids container's start and recovery gives, in ms per run. */
export interface StartToServingResult {
  /** Container start -> first 200 of the page, volume and docroot already there. */
  warmStartMs: number[];
  /** The same with the first listed peer (gluster01) stopped. */
  firstPeerDownStartMs: number[];
  /** Both servers stopped (page 503), then started -> the page served again. */
  recoveryMs: number[];
  /** Restarts of the watched asteroids container during the recovery runs (0 is the goal). */
  recoveryRestarts: number;
}

/**
 * Starts a cluster on a private network and measures, `runs` times each: the asteroids
 * container's start to serving, the same with gluster01 stopped, and recovery after both servers
 * are stopped and started again. Everything it created is removed, also on failure.
 */
export async function measureStartToServing(runs: number): Promise<StartToServingResult> {
  await ensureTestStackCa();
  await docker('network', 'create', NETWORK);
  try {
    await startServer(`${PREFIX}-gluster01`, []);
    await startServer(`${PREFIX}-gluster02`, ['-e', 'GLUSTER_PEER=gluster01']);
    await waitFor(
      'the cluster',
      async () => (await ready(`${PREFIX}-gluster01`)) && ready(`${PREFIX}-gluster02`),
    );
    // First start installs the docroot; the runs below find it there.
    await timeAsteroidsStart(`${PREFIX}-install`);

    const warmStartMs: number[] = [];
    for (let run = 0; run < runs; run++)
      warmStartMs.push(await timeAsteroidsStart(`${PREFIX}-warm-${run}`, run === 0));

    await docker('stop', '-t', '10', `${PREFIX}-gluster01`);
    const firstPeerDownStartMs: number[] = [];
    for (let run = 0; run < runs; run++)
      firstPeerDownStartMs.push(await timeAsteroidsStart(`${PREFIX}-failover-${run}`));
    await docker('start', `${PREFIX}-gluster01`);
    await waitFor('gluster01 back', () => ready(`${PREFIX}-gluster01`));

    const watched = `${PREFIX}-warm-0`;
    const port = (await docker('port', watched, '80')).split(':').at(-1) as string;
    const recoveryMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await docker('stop', '-t', '10', `${PREFIX}-gluster01`, `${PREFIX}-gluster02`);
      await waitFor('503 while down', async () => !(await pageOk(port)));
      const started = performance.now();
      await docker('start', `${PREFIX}-gluster01`, `${PREFIX}-gluster02`);
      await waitFor('the page again', () => pageOk(port));
      recoveryMs.push(performance.now() - started);
    }
    const recoveryRestarts = Number(await docker('inspect', '-f', '{{.RestartCount}}', watched));
    return { warmStartMs, firstPeerDownStartMs, recoveryMs, recoveryRestarts };
  } finally {
    for (const name of created.splice(0)) await docker('rm', '-f', '-v', name).catch(() => undefined);
    await docker('network', 'rm', NETWORK).catch(() => undefined);
  }
}
