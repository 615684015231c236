import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPhase } from './phase.js';

/**
 * Load benchmark: starts the bundled server, connects headless bots from this one process and
 * prints tick p50/p99, server CPU and downstream bytes per player per second. Prints numbers and
 * exits 0; it is not a test. Phases are bounded so a run stays well under two minutes.
 */

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle', 'server', 'server.js');
// `bench.js 64 10` runs one phase of 64 players measured for 10 s instead of the default pair.
const [argPlayers, argMeasure] = process.argv.slice(2).map(Number);
const PHASES = argPlayers
  ? [{ players: argPlayers, rampS: 10, measureS: argMeasure || 20 }]
  : [
      { players: 5, rampS: 3, measureS: 15 },
      { players: 256, rampS: 10, measureS: 30 },
    ];
/** Extra node flags for the server, e.g. BENCH_SERVER_FLAGS=--cpu-prof to profile it. */
const SERVER_FLAGS = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

const rows = [];
for (const p of PHASES) {
  process.stdout.write(`running ${p.players} players for ${p.rampS + p.measureS}s...\n`);
  rows.push(await runPhase({ ...p, server: SERVER, serverFlags: SERVER_FLAGS }));
}
const header = [
  'players',
  'arenas',
  'tick p50 ms',
  'tick p99 ms',
  'send p50 ms',
  'send p99 ms',
  'server CPU %',
  'down KB/s/player',
  'host load',
];
process.stdout.write(`\n${header.join('  ')}\n`);
for (const r of rows) {
  const cells = [
    String(r.players),
    String(r.arenas),
    r.tickP50Ms.toFixed(3),
    r.tickP99Ms.toFixed(3),
    r.sendP50Ms.toFixed(3),
    r.sendP99Ms.toFixed(3),
    r.serverCpuPct.toFixed(1),
    r.downKBpsPerPlayer.toFixed(2),
    r.hostLoad,
  ];
  process.stdout.write(`${cells.map((c, i) => c.padStart(header[i]?.length ?? 0)).join('  ')}\n`);
}
process.stdout.write(
  '\ntick = the simulation thread: one step of all arenas, snapshot encoding and the hand-over of the\n' +
    '  frames to the main thread (wall time); the tick period is the budget (50 ms at 20 Hz);\n' +
    "send = the main thread: writing one tick's frames to the sockets, while the next tick runs;\n" +
    'server CPU % = both threads, of one core, over the measured window (up to 200 % on 2 cores);\n' +
    'KB/s counts WebSocket payload bytes received by the bots.\n',
);
