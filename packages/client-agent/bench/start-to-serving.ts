/**
 * Benchmark (not a test): how fast the asteroids container serves the game.
 *   1. container start -> first HTTP 200 of the page, volume and docroot already there;
 *   2. the same with the first listed peer (gluster01) stopped;
 *   3. both servers stopped then started -> the page served again, no container restart.
 * Prints median/min/max over BENCH_RUNS runs (5 by default). Uses the images built by the
 * container tests (gluster-asteroids/*:dev); everything runs on a private Docker network and is
 * removed after. Run: npm run bench:asteroids (`npm run bench` includes it in the report).
 */
import { formatSpread, spreadOf } from '../../../bench/stats.js';
import { measureStartToServing } from './measure-start-to-serving.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const result = await measureStartToServing(RUNS);
const line = (label: string, samples: number[]) =>
  console.log(`${label.padEnd(52)} ${formatSpread(spreadOf(samples), 's')}`);
console.log(`\nasteroids start benchmark, ${new Date().toISOString()}, ${RUNS} runs each`);
line('container start -> serving (volume + docroot there)', result.warmStartMs);
line('same, first listed peer (gluster01) stopped', result.firstPeerDownStartMs);
line('both servers started again -> serving, no restart', result.recoveryMs);
console.log(`asteroids container restarts during recovery runs: ${result.recoveryRestarts}`);
