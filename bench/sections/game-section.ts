import { buildGameBundle, type CapacityProbe, measureGameCapacity } from '../game-capacity.js';
import { BENCH_QUIET } from '../quiet-cpu.js';
import type { ReportSection } from '../report-model.js';
import { formatValue } from '../stats.js';
import type { SectionContext } from './context.js';

const TICK_P99_GOAL_MS = 10;
const PROBE = { rampS: 4, measureS: 15, startPlayers: 32, maxPlayers: 1024, confirmMissRuns: 2 } as const;

/** ", median of 3 runs: 12, 9.1, 9.8 ms" when a miss was measured again. */
function runsNote(probe: CapacityProbe): string {
  if (probe.runP99Ms.length < 2) return '';
  return ` (median of ${probe.runP99Ms.length} runs: ${probe.runP99Ms.map((ms) => formatValue(ms, 'ms')).join(', ')})`;
}

function probeLine(probe: CapacityProbe): string {
  const r = probe.result;
  return (
    `${probe.requested} players (${r.joined} joined, ${r.arenas} arenas): tick p50 ${formatValue(r.tickP50Ms, 'ms')}, ` +
    `p99 ${formatValue(r.tickP99Ms, 'ms')}${runsNote(probe)} (socket writes per tick p99 ${formatValue(r.sendP99Ms, 'ms')}), server CPU ${r.serverCpuPct.toFixed(0)} %, ` +
    `${formatValue(r.downKBpsPerPlayer, 'KB/s')} per player${probe.withinGoal ? '' : ' (goal missed)'}`
  );
}

/** Section 5: the most players one game-server process keeps within tick p99 <= 10 ms. */
export async function gameSection(context: SectionContext): Promise<ReportSection> {
  await buildGameBundle();
  const result = await measureGameCapacity({ tickP99GoalMs: TICK_P99_GOAL_MS, ...PROBE }, (probe) =>
    context.log(`game: ${probeLine(probe)}`),
  );
  const at = result.atCapacity;
  return {
    title: 'Game capacity',
    rows: [
      {
        what: `players per game-server process with tick p99 <= ${TICK_P99_GOAL_MS} ms (and each tick's socket writes p99 <= ${TICK_P99_GOAL_MS} ms)`,
        result: `${result.capped ? '>= ' : ''}${result.players}`,
        goal: 'reported',
      },
      {
        what: 'at that count: tick p50 / p99, socket writes per tick p50 / p99, server CPU (one core = 100 %, both threads)',
        result: at
          ? `${formatValue(at.tickP50Ms, 'ms')} / ${formatValue(at.tickP99Ms, 'ms')}, ${formatValue(at.sendP50Ms, 'ms')} / ${formatValue(at.sendP99Ms, 'ms')}, ${at.serverCpuPct.toFixed(0)} %`
          : 'no count met the goal',
      },
      {
        what: 'bytes per player per second (WebSocket payload, server -> player)',
        result: at ? formatValue(at.downKBpsPerPlayer, 'KB/s') : '-',
        goal: 'reported',
      },
    ],
    notes: [
      "The game-server benchmark's load phase (`npm run bench:game`): the bundled server started fresh for each " +
        `count, headless bots connected from the benchmark process over ${PROBE.rampS} s, then measured for ` +
        `${PROBE.measureS} s; tick figures are the server's own (/healthz): the simulation thread's tick, ` +
        'including snapshot encoding, while the socket writes run on the main thread beside it (reported ' +
        'apart), over the measured window only (GAME_TICK_STATS_WINDOW_S is set to it, so the ' +
        "server's first ticks and the ramp are left out). Bots and server share the 2 cores, so this " +
        'is a floor; on a loaded machine (see the load average above) the p99 is mostly time spent ' +
        'waiting for a core: compare the server CPU %. Each run starts once the CPUs were less than ' +
        `${BENCH_QUIET.busyBelow * 100} % busy over ${BENCH_QUIET.windowMs / 1000} s (at most ${BENCH_QUIET.maxWaitMs / 1000} s of waiting).`,
      `Search: doubling from ${PROBE.startPlayers} until the goal is missed (or a bot was not welcomed), then bisecting ` +
        `to within 10 %. A count meets the goal when both its tick p99 and its socket-writes p99 are within it. ` +
        `A count that misses is run ${PROBE.confirmMissRuns} more times and judged by the median ` +
        'of the slower p99: noise only ever lengthens ticks, and one stall must not end the search. Probes in order:',
      ...result.probes.map((probe) => `  - ${probeLine(probe)}`),
    ],
  };
}
