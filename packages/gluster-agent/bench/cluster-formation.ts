/**
 * Benchmark (not a test): how long a 2-node replica-2 cluster takes to form, from "both
 * containers started" (the later of the engine's StartedAt) to "volume Started and both bricks
 * online" (`volume status` polled inside gluster01 every 100 ms), over RUNS fresh clusters (new
 * network, new anonymous volumes, all removed afterwards). Also prints, for reference, how long
 * glusterd took to answer the CLI on each node (the agent's "glusterd answers the CLI" line).
 *
 * Run from the repository root after building the image (the container tests' global setup
 * does, or `docker build -f images/gluster-server/Dockerfile -t gluster-asteroids/gluster-server:dev .`):
 *   npm run bench:cluster
 */
import { execa } from 'execa';
import { agentLogLines } from '../../../e2e/src/agent-log.js';
import { pollUntil } from '../../../e2e/src/deadline.js';
import { glusterXml } from '../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../e2e/src/gluster-cluster.js';
import { parseBrickStatus } from '../../../e2e/src/gluster-xml.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FORMATION_TIMEOUT_MS = 180_000;

interface RunResult {
  formationMs: number;
  glusterdAnswerMs: number[];
}

/** The engine's start time of a container, in epoch ms. */
async function startedAt(id: string): Promise<number> {
  const { stdout } = await execa('docker', ['inspect', '--format', '{{.State.StartedAt}}', id]);
  return Date.parse(stdout.trim());
}

/** Milliseconds from container start to the agent's "glusterd answers the CLI" line. */
async function glusterdAnswerMs(id: string): Promise<number> {
  const { all } = await execa('docker', ['logs', id], { all: true });
  const line = agentLogLines(all ?? '').find((entry) => entry.msg === 'glusterd answers the CLI');
  if (typeof line?.time !== 'string') return Number.NaN;
  return Date.parse(line.time) - (await startedAt(id));
}

async function oneRun(): Promise<RunResult> {
  let cluster: GlusterCluster | undefined;
  try {
    cluster = await startGlusterCluster({
      waitReady: false,
      nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
    });
    const gluster01 = cluster.node('gluster01');
    const formedAt = await pollUntil(
      async () => {
        const { exitCode, stdout } = await glusterXml(gluster01, ['volume', 'status', 'ranchervol']);
        const bricks = exitCode === 0 ? parseBrickStatus(stdout) : [];
        return bricks.length === 2 && bricks.every((brick) => brick.online) ? Date.now() : undefined;
      },
      {
        timeoutMs: FORMATION_TIMEOUT_MS,
        intervalMs: 100,
        description: 'volume Started with both bricks online',
      },
    );
    const ids = [...cluster.nodes.values()].map((node) => node.getId());
    const bothStarted = Math.max(...(await Promise.all(ids.map(startedAt))));
    return {
      formationMs: formedAt - bothStarted,
      glusterdAnswerMs: await Promise.all(ids.map(glusterdAnswerMs)),
    };
  } finally {
    await cluster?.stop();
  }
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(middle)] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const s = (ms: number | undefined) => `${((ms ?? Number.NaN) / 1000).toFixed(2)} s`;
  return `${label}: median ${s(median)}, min ${s(sorted[0])}, max ${s(sorted.at(-1))} (n=${values.length})`;
}

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const results: RunResult[] = [];
for (let run = 1; run <= RUNS; run++) {
  const result = await oneRun();
  results.push(result);
  const glusterd = result.glusterdAnswerMs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ');
  console.log(
    `run ${run}: formed in ${(result.formationMs / 1000).toFixed(2)} s; glusterd answered after ${glusterd}`,
  );
}
console.log(
  summary(
    'containers started -> volume Started, both bricks online',
    results.map((r) => r.formationMs),
  ),
);
console.log(
  summary(
    'container start -> glusterd answers the CLI (per node)',
    results.flatMap((r) => r.glusterdAnswerMs),
  ),
);
