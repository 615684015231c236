import { type BenchStack, startBenchStack } from '../bench-stack.js';
import { agentRssMB, peakRssDuring } from '../footprint.js';
import { playBots } from '../game-load.js';
import { atLeast, atMost, type ReportRow, type ReportSection, spreadRow } from '../report-model.js';
import { measureStaticServing, type StaticServingResult } from '../static-serving.js';
import { buildStaticBenchImage, STATIC_BENCH_IMAGE } from '../static-serving-image.js';
import { spreadOf } from '../stats.js';
import type { SectionContext } from './context.js';

/** wrk settings of the static comparison and the game load of the footprint. */
const WRK = { durationS: 5, connections: 16 } as const;
/** Pairs of wrk runs: cheap, and on this machine single runs swing several-fold. */
const MIN_STATIC_PAIRS = 5;
const FOOTPRINT_BOTS = 64;
const FOOTPRINT_GAME_MS = 15_000;
/** How long the stack idles before the idle RSS is read (start-up garbage collected). */
const SETTLE_MS = 5_000;

const AGENTS = ['gluster01', 'gluster02', 'asteroids'] as const;
type Agent = (typeof AGENTS)[number];
const AGENT_NAMES: Record<Agent, string> = {
  gluster01: 'gluster-agent (gluster01)',
  gluster02: 'gluster-agent (gluster02)',
  asteroids: 'client-agent (asteroids)',
};

/** Section 4 and the memory rows of section 6, measured on one stack. */
export interface StackSections {
  staticServing: ReportSection;
  memoryRows: ReportRow[];
  memoryNote: string;
}

function staticSection(result: StaticServingResult, runs: number): ReportSection {
  return {
    title: 'Static serving',
    rows: [
      spreadRow(`nginx, \`${result.asset}\` from the Gluster mount`, result.mountReqPerS, 'req/s'),
      spreadRow(`nginx, \`${result.asset}\` from local disk`, result.localReqPerS, 'req/s'),
      spreadRow('mount / local disk (per pair of runs)', result.ratios, 'x', atLeast(0.8, '>= 0.8x')),
    ],
    notes: [
      `The game's script (${result.assetBytes} bytes, uncompressed: wrk sends no Accept-Encoding) through two ` +
        'extra nginx instances in the running asteroids container (the bench image `bench/static-serving.Dockerfile` ' +
        "adds Debian's `wrk`), each rendered by the client-agent's own `writeNginxRunDir`: same settings " +
        '(open_file_cache, sendfile, gzip, 2 workers), only the docroot differs: the volume, or a `cp -a` of the ' +
        "same files onto the container's disk. Access log off on both.",
      `wrk on loopback inside the container: 1 thread, ${WRK.connections} keep-alive connections, ` +
        `${WRK.durationS} s per run after a 1 s warm-up of each; ${runs} pairs, mount and local back to back, ` +
        'alternating which goes first. The ratio is taken per pair, so both sides of it saw the same machine load.',
    ],
  };
}

async function idleRss(stack: BenchStack): Promise<number[]> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const samples: number[][] = [];
  for (let sample = 0; sample < 3; sample++)
    samples.push(await Promise.all(AGENTS.map((agent) => agentRssMB(stack.ids[agent]))));
  return AGENTS.map((_, index) => spreadOf(samples.map((row) => row[index] ?? Number.NaN)).median);
}

/**
 * Starts gluster01, gluster02 and the bench asteroids image; reads each agent's idle RSS, then
 * its peak RSS during the static comparison (wrk) and during a game load (bots through nginx).
 */
export async function stackSections(context: SectionContext): Promise<StackSections> {
  const staticPairs = Math.max(MIN_STATIC_PAIRS, context.runs);
  await buildStaticBenchImage();
  const stack = await startBenchStack(STATIC_BENCH_IMAGE);
  try {
    const ids = AGENTS.map((agent) => stack.ids[agent]);
    const idle = await idleRss(stack);
    context.log(`idle RSS MB: ${idle.map((mb) => mb.toFixed(1)).join(', ')}`);
    const staticLoad = await peakRssDuring(ids, () =>
      measureStaticServing(stack.ids.asteroids, { runs: staticPairs, ...WRK }),
    );
    context.log(`static serving: ${JSON.stringify(staticLoad.result)}`);
    const wsUrl = stack.asteroids.url('/ws').replace('http://', 'ws://');
    const gameLoad = await peakRssDuring(ids, () => playBots(wsUrl, FOOTPRINT_BOTS, FOOTPRINT_GAME_MS));
    context.log(`game load: ${gameLoad.result} of ${FOOTPRINT_BOTS} bots joined`);
    const goal = atMost(80, '<= 80 MB');
    const memoryRows = AGENTS.flatMap((agent, index) => [
      spreadRow(`${AGENT_NAMES[agent]} RSS, idle`, [idle[index] ?? Number.NaN], 'MB', goal),
      spreadRow(
        `${AGENT_NAMES[agent]} RSS, peak under static and game load`,
        [Math.max(staticLoad.peakMB[index] ?? 0, gameLoad.peakMB[index] ?? 0)],
        'MB',
        goal,
      ),
    ]);
    return {
      staticServing: staticSection(staticLoad.result, staticPairs),
      memoryRows,
      memoryNote:
        'RSS: VmRSS of the agent (the node process under tini) from /proc inside each container, in MB (10^6 bytes). ' +
        `Idle: median of 3 reads after the stack was ready plus ${SETTLE_MS / 1000} s. Under load: the highest ` +
        'read (every 0.5 s) during the static-serving runs and during ' +
        `${FOOTPRINT_GAME_MS / 1000} s of ${FOOTPRINT_BOTS} bots playing through nginx's /ws ` +
        `(${gameLoad.result} welcomed). nginx, the game server and glusterd/glusterfs are separate processes, not counted.`,
    };
  } finally {
    await stack.remove();
  }
}
