/**
 * Benchmark (not a test): how fast the asteroids container serves the game.
 *   1. container start -> first HTTP 200 of the page, volume and docroot already there;
 *   2. the same with the first listed peer (gluster01) stopped;
 *   3. both servers stopped then started -> the page served again, no container restart.
 * Prints median/min/max over RUNS runs. Uses the images built by the container tests
 * (gluster-asteroids/*:dev); everything runs on a private Docker network and is removed after.
 * Run: node packages/client-agent/bench/start-to-serving.ts   (RUNS=5 by default)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const RUNS = Number(process.env.RUNS ?? 5);
const PREFIX = `ga-bench-${process.pid}`;
const NETWORK = `${PREFIX}-net`;
const CAPS = ['--cap-add', 'SYS_ADMIN', '--device', '/dev/fuse', '--security-opt', 'apparmor=unconfined'];
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
  await docker('run', '-d', '--name', name, '--network', NETWORK, ...CAPS, ...args, image);
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

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return `${label.padEnd(52)} median ${s(median)} s  min ${s(sorted[0] as number)} s  max ${s(sorted.at(-1) as number)} s  (n=${samples.length})`;
}

async function main(): Promise<void> {
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

    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++)
      warm.push(await timeAsteroidsStart(`${PREFIX}-warm-${run}`, run === 0));

    await docker('stop', '-t', '10', `${PREFIX}-gluster01`);
    const failover: number[] = [];
    for (let run = 0; run < RUNS; run++) failover.push(await timeAsteroidsStart(`${PREFIX}-failover-${run}`));
    await docker('start', `${PREFIX}-gluster01`);
    await waitFor('gluster01 back', () => ready(`${PREFIX}-gluster01`));

    const watched = `${PREFIX}-warm-0`;
    const port = (await docker('port', watched, '80')).split(':').at(-1) as string;
    const recovery: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await docker('stop', '-t', '10', `${PREFIX}-gluster01`, `${PREFIX}-gluster02`);
      await waitFor('503 while down', async () => !(await pageOk(port)));
      const started = performance.now();
      await docker('start', `${PREFIX}-gluster01`, `${PREFIX}-gluster02`);
      await waitFor('the page again', () => pageOk(port));
      recovery.push(performance.now() - started);
    }
    const restarts = await docker('inspect', '-f', '{{.RestartCount}}', watched);

    console.log(`\nasteroids start benchmark, ${new Date().toISOString()}, ${RUNS} runs each`);
    console.log(summary('container start -> serving (volume + docroot there)', warm));
    console.log(summary('same, first listed peer (gluster01) stopped', failover));
    console.log(summary('both servers started again -> serving, no restart', recovery));
    console.log(`asteroids container restarts during recovery runs: ${restarts}`);
  } finally {
    for (const name of created) await docker('rm', '-f', '-v', name).catch(() => undefined);
    await docker('network', 'rm', NETWORK).catch(() => undefined);
  }
}

await main();
