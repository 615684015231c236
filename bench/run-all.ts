/**
 * `npm run bench`: measures the whole stack and writes docs/benchmarks.md (see its header for
 * what each section measures and how). Benchmarks are not tests: it prints numbers and exits 0,
 * or exits 1 naming what could not be measured (the report is still written, saying so).
 *
 *   BENCH_RUNS=3        repetitions of every figure
 *   BENCH_BUILD=0       use the :dev images as they are instead of rebuilding them first
 *   BENCH_SECTIONS=...  a comma-separated subset of cold,cluster,failover,static,game,tls
 *   BENCH_REPORT=path   where to write the report (default docs/benchmarks.md)
 */

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImage, REPO_ROOT } from '../e2e/src/images.js';
import type { ColdStartRun } from './cold-start.js';
import { describeMachine } from './machine.js';
import { renderReport } from './report.js';
import { failureReason, type ReportSection, unmeasuredSection } from './report-model.js';
import { clusterSection } from './sections/cluster-section.js';
import { coldStartSection } from './sections/cold-start-section.js';
import type { SectionContext } from './sections/context.js';
import { failoverSection } from './sections/failover-section.js';
import { footprintSection } from './sections/footprint-section.js';
import { gameSection } from './sections/game-section.js';
import { type StackSections, stackSections } from './sections/stack-sections.js';
import { tlsSection } from './sections/tls-section.js';

const SECTIONS = ['cold', 'cluster', 'failover', 'static', 'game', 'tls'] as const;
type SectionName = (typeof SECTIONS)[number];

const runs = Number(process.env.BENCH_RUNS ?? 3);
const build = process.env.BENCH_BUILD !== '0';
const selected = new Set(
  (process.env.BENCH_SECTIONS ?? SECTIONS.join(',')).split(',').map((name) => name.trim()),
);
const reportPath = process.env.BENCH_REPORT ?? join(REPO_ROOT, 'docs/benchmarks.md');

if (!Number.isInteger(runs) || runs < 1) {
  console.error(`BENCH_RUNS must be a positive integer, got \`${process.env.BENCH_RUNS}\``);
  process.exit(1);
}
const unknown = [...selected].filter((name) => !SECTIONS.includes(name as SectionName));
if (unknown.length > 0) {
  console.error(`BENCH_SECTIONS: unknown ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  process.exit(1);
}

// Ryuk (testcontainers' reaper) cannot be pulled here; every helper removes what it starts.
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
const started = performance.now();
const context: SectionContext = {
  runs,
  log: (message) =>
    console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${message}`),
};
const failures: string[] = [];

/** Runs one section if selected; a failure becomes an unmeasured section with the reason. */
async function attempt<T>(
  name: SectionName,
  title: string,
  measure: () => Promise<T>,
): Promise<T | ReportSection> {
  if (!selected.has(name))
    return unmeasuredSection(title, `not selected (BENCH_SECTIONS=${[...selected].join(',')}).`);
  context.log(`${title}...`);
  try {
    return await measure();
  } catch (error) {
    const reason = failureReason(error);
    failures.push(`${title}: ${reason}`);
    context.log(
      `${title} could not be measured: ${error instanceof Error ? (error.stack ?? reason) : reason}`,
    );
    return unmeasuredSection(title, `the benchmark failed: ${reason}`);
  }
}

const isSection = (value: unknown): value is ReportSection =>
  typeof value === 'object' && value !== null && 'title' in value && 'rows' in value;

const machine = await describeMachine(REPO_ROOT);
if (build) {
  context.log('building the :dev images (BuildKit cache)...');
  await buildImage('gluster-server');
  await buildImage('asteroids');
}
const cold = await attempt('cold', 'Cold start', () => coldStartSection(context));
const cluster = await attempt('cluster', 'Cluster formation', () => clusterSection(context));
const failover = await attempt('failover', 'Failover', async () => {
  const measured = await failoverSection(context);
  failures.push(...measured.failures);
  return measured.section;
});
const stack = await attempt('static', 'Static serving', () => stackSections(context));
const game = await attempt('game', 'Game capacity', () => gameSection(context));
const tls = await attempt('tls', 'TLS cost', () => tlsSection(context));
const coldStarts: ColdStartRun[] | undefined = isSection(cold) ? undefined : cold.runs;
const stackResult: StackSections | undefined = isSection(stack) ? undefined : stack;
const footprint = await footprintSection({
  memoryRows: stackResult?.memoryRows,
  memoryNote: stackResult?.memoryNote,
  coldStarts,
}).catch((error: unknown) => unmeasuredSection('Footprint', `the benchmark failed: ${String(error)}`));

const sections: ReportSection[] = [
  isSection(cold) ? cold : cold.section,
  cluster,
  failover,
  isSection(stack) ? stack : stack.staticServing,
  game,
  tls,
  footprint,
];
const markdown = renderReport({
  machine,
  loadAtEnd: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  durationMs: performance.now() - started,
  settings: { BENCH_RUNS: runs, BENCH_BUILD: build ? 1 : 0 },
  sections,
});
await writeFile(reportPath, markdown);
console.log(markdown);
context.log(`report written to ${reportPath}`);
if (failures.length > 0) {
  console.error(`\nnot measured:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
