import { join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../e2e/src/images.js';
import { type PhaseOptions, type PhaseResult, runPhase } from '../packages/game-server/src/bench/phase.js';
import { BENCH_QUIET, waitForQuietCpu } from './quiet-cpu.js';

/** The bundled game server the phases start (built by the game-server's build-bundle script). */
const GAME_SERVER = join(REPO_ROOT, 'packages/game-server/dist/bundle/server/server.js');

/** Options of `measureGameCapacity`. */
export interface GameCapacityOptions {
  /**
   * The tick p99 a player count must stay within (the 10 ms). The main thread's socket
   * writes of a tick must stay within it too: the simulation thread's tick no longer includes
   * them, and a count whose writes fell behind must not pass for one the server keeps up with.
   */
  tickP99GoalMs: number;
  /** Seconds of bot ramp-up and of measurement per probed player count. */
  rampS: number;
  measureS: number;
  /** First player count tried; doubled until the goal is missed. */
  startPlayers: number;
  /** Never tried beyond this many players. */
  maxPlayers: number;
  /**
   * Extra runs of a count that missed the goal; it counts as missed only if the median run does.
   * Noise on this shared machine only ever adds to a tick, so a pass needs no confirmation, but a
   * single stall (the p99 of a 15 s window is its 3rd-worst tick) must not end the search.
   */
  confirmMissRuns: number;
}

/** The largest player count that met the goal, and every phase measured on the way. */
export interface GameCapacityResult {
  /** Largest count within the goal (0 if even the first missed it). */
  players: number;
  /** The phase measured at that count (bytes per player per second come from it). */
  atCapacity: PhaseResult | undefined;
  /** Whether `maxPlayers` was reached without missing the goal (then capacity is at least that). */
  capped: boolean;
  /** Every phase, in the order measured, with the player count asked for. */
  probes: CapacityProbe[];
}

/** One probed player count and what its phase measured. */
export interface CapacityProbe {
  requested: number;
  /** The run with the median tick p99 (the only run when the first one met the goal). */
  result: PhaseResult;
  /** The judged p99 (the slower of tick and socket writes) of every run, in the order measured. */
  runP99Ms: number[];
  withinGoal: boolean;
}

/** Builds the game bundle (server and client) the phases run, as `npm run bench:game` does. */
export async function buildGameBundle(): Promise<void> {
  await execa('node', ['packages/game-server/scripts/build-bundle.ts'], { cwd: REPO_ROOT, timeout: 300_000 });
}

/**
 * Finds the largest player count whose tick p99 and socket-write p99 stay within the goal, with the game-server's
 * own load phase (bots in this process, one server process): doubles from `startPlayers` until
 * the goal is missed, then bisects to within ~10 %. Each run is a fresh server; a miss is
 * confirmed by `confirmMissRuns` more runs and judged by their median.
 */
export async function measureGameCapacity(
  options: GameCapacityOptions,
  onProbe: (probe: CapacityProbe) => void = () => undefined,
): Promise<GameCapacityResult> {
  const probes: CapacityProbe[] = [];
  const { rampS, measureS } = options;
  const judgedP99 = (run: PhaseResult) => Math.max(run.tickP99Ms, run.sendP99Ms);
  const within = (run: PhaseResult, players: number) =>
    run.joined === players && judgedP99(run) <= options.tickP99GoalMs;
  // Each run on a quiet machine: the previous server's exit and bots' close must not count.
  const quietRun = async (phase: PhaseOptions): Promise<PhaseResult> => {
    await waitForQuietCpu(BENCH_QUIET);
    return runPhase(phase);
  };
  const probe = async (players: number): Promise<boolean> => {
    const runs = [await quietRun({ players, rampS, measureS, server: GAME_SERVER })];
    if (!within(runs[0] as PhaseResult, players)) {
      for (let i = 0; i < options.confirmMissRuns; i++) {
        runs.push(await quietRun({ players, rampS, measureS, server: GAME_SERVER }));
      }
    }
    const byP99 = [...runs].sort((a, b) => judgedP99(a) - judgedP99(b));
    const result = byP99[Math.floor((byP99.length - 1) / 2)] as PhaseResult;
    const withinGoal = within(result, players);
    probes.push({ requested: players, result, runP99Ms: runs.map(judgedP99), withinGoal });
    onProbe(probes.at(-1) as CapacityProbe);
    return withinGoal;
  };
  let good = 0;
  let bad: number | undefined;
  for (let players = options.startPlayers; bad === undefined && players <= options.maxPlayers; players *= 2) {
    if (await probe(players)) good = players;
    else bad = players;
  }
  while (bad !== undefined && bad - good > Math.max(4, good * 0.1)) {
    const middle = Math.round((good + bad) / 2);
    if (await probe(middle)) good = middle;
    else bad = middle;
  }
  return {
    players: good,
    atCapacity: probes.findLast((probe) => probe.requested === good)?.result,
    capped: bad === undefined,
    probes,
  };
}
