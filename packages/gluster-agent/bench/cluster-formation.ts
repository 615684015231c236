/**
 * Benchmark (not a test): how long a 2-node replica-2 cluster takes to form, from "both
 * containers started" (the later of the engine's StartedAt) to "both nodes answer /readyz 200
 * and the HA options are applied", over BENCH_RUNS fresh clusters (new network, new anonymous
 * volumes, all removed afterwards). Prints each run's timeline (agent up, glusterd started and
 * answering, probe, create, options, volume started, configured, ready; seconds from both
 * started) and the median of each step, so a slow run shows where its seconds went.
 *
 * BENCH_IMAGES (comma-separated tags) compares images on a shared, noisy machine: runs alternate
 * between them (A B A B ...), BENCH_RUNS runs each, and the summary gives each image's figures
 * and the ratio of medians against the first. Default: the working tree's gluster-server:dev.
 *
 * Run from the repository root after building the image (the container tests' global setup
 * does, or `docker build -f images/gluster-server/Dockerfile -t gluster-asteroids/gluster-server:dev .`):
 *   npm run bench:cluster
 *   BENCH_IMAGES=gluster-asteroids/gluster-server:before,gluster-asteroids/gluster-server:dev npm run bench:cluster
 */

import { DeadlineError } from '@gluster-asteroids/agent-runtime';
import { formatSpread, spreadOf } from '../../../bench/stats.js';
import { IMAGES } from '../../../e2e/src/images.js';
import { formatTimeline, MILESTONES } from './formation-timeline.js';
import {
  type ClusterFormationRun,
  FORMATION_TIMEOUT_MS,
  measureClusterFormation,
} from './measure-cluster-formation.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IMAGE_TAGS = (process.env.BENCH_IMAGES ?? IMAGES['gluster-server'].tag).split(',').filter(Boolean);

/** Each node's steps plus its first /readyz 200, in seconds from both started. */
function printRun(label: string, run: ClusterFormationRun): void {
  console.log(`${label}: formed in ${(run.formationMs / 1000).toFixed(2)} s`);
  for (const node of run.nodes) {
    const steps = { container: node.startedAt, ...node.timeline, ready: node.readyAt };
    console.log(`  ${node.alias}: ${formatTimeline(steps, run.bothStartedAt)}`);
  }
}

/** Per node and step, the median over runs of when it happened (s from both started). */
function printMedianTimeline(runs: readonly ClusterFormationRun[]): void {
  const aliases = runs[0]?.nodes.map((node) => node.alias) ?? [];
  aliases.forEach((alias, index) => {
    const medians: Record<string, number> = {};
    for (const step of ['container', ...MILESTONES, 'ready'] as const) {
      const offsets = runs.flatMap((run) => {
        const node = run.nodes[index];
        if (!node) return [];
        const at =
          step === 'container' ? node.startedAt : step === 'ready' ? node.readyAt : node.timeline[step];
        return at === undefined ? [] : [at - run.bothStartedAt];
      });
      if (offsets.length > 0) medians[step] = spreadOf(offsets).median;
    }
    console.log(`  median ${alias}: ${formatTimeline(medians, 0)}`);
  });
}

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const results = new Map<string, ClusterFormationRun[]>(IMAGE_TAGS.map((tag) => [tag, []]));
// A run past the deadline (a saturated machine) counts at the deadline, a lower bound, so the
// median is not flattered by leaving the slowest runs out.
const timedOut = new Map<string, number>(IMAGE_TAGS.map((tag) => [tag, 0]));
for (let run = 1; run <= RUNS; run++) {
  for (const image of IMAGE_TAGS) {
    try {
      const result = await measureClusterFormation({ image });
      results.get(image)?.push(result);
      printRun(`run ${run} ${image}`, result);
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      timedOut.set(image, (timedOut.get(image) ?? 0) + 1);
      console.log(`run ${run} ${image}: not formed in time (${error.message})`);
    }
  }
}

const formationOf = (image: string): number[] => [
  ...(results.get(image) ?? []).map((r) => r.formationMs),
  ...Array.from({ length: timedOut.get(image) ?? 0 }, () => FORMATION_TIMEOUT_MS),
];
console.log(`\ncluster formation, ${new Date().toISOString()}, ${RUNS} runs per image`);
const baseline = spreadOf(formationOf(IMAGE_TAGS[0] as string));
for (const [image, runs] of results) {
  const formation = spreadOf(formationOf(image));
  const ratio = IMAGE_TAGS.length > 1 ? `, ${(formation.median / baseline.median).toFixed(2)}x` : '';
  const late = timedOut.get(image)
    ? `; ${timedOut.get(image)} run(s) not formed in ${FORMATION_TIMEOUT_MS / 1000} s, counted as ${FORMATION_TIMEOUT_MS / 1000} s`
    : '';
  console.log(`${image}`);
  console.log(
    `  containers started -> both ready, HA options applied: ${formatSpread(formation, 's')}${ratio}${late}`,
  );
  if (runs.length === 0) continue;
  const glusterd = spreadOf(runs.flatMap((r) => r.glusterdAnswerMs));
  console.log(`  container start -> glusterd answers the CLI (per node): ${formatSpread(glusterd, 's')}`);
  printMedianTimeline(runs);
}
