import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bot } from './bot.js';

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
const CLK_TCK = 100;

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...SERVER_FLAGS, SERVER, '0'], {
    env: {
      PATH: process.env.PATH ?? '',
      GAME_HOST: '127.0.0.1',
      GAME_LEADERBOARD_PATH: join(mkdtempSync(join(tmpdir(), 'bench-')), 'leaderboard.json'),
      GAME_SEED: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('server did not start')), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+).*"msg":"listening"/.exec(out);
      if (m) {
        clearTimeout(deadline);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ child, port: Number(m[1]) });
      }
    });
  });
}

interface Health {
  players: number;
  arenas: number;
  tick: { p50Ms: number; p99Ms: number; computeP50Ms: number; computeP99Ms: number };
}

async function runPhase(players: number, rampS: number, measureS: number) {
  const { child, port } = await startServer();
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const bots: Bot[] = [];
  for (let i = 0; i < players; i++) {
    bots.push(new Bot(`ws://127.0.0.1:${port}/ws`, `bot${i}`, rand));
    await sleep((rampS * 1000 * 0.7) / players);
  }
  await sleep(rampS * 300);
  const pid = child.pid ?? 0;
  const bytes0 = bots.reduce((s, b) => s + b.bytes, 0);
  const cpu0 = cpuTicks(pid);
  const t0 = performance.now();
  await sleep(measureS * 1000);
  const wallS = (performance.now() - t0) / 1000;
  const cpuPct = ((cpuTicks(pid) - cpu0) / CLK_TCK / wallS) * 100;
  const bytes = bots.reduce((s, b) => s + b.bytes, 0) - bytes0;
  const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
  const joined = bots.filter((b) => b.joined).length;
  for (const b of bots) b.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return {
    players: health.players,
    joined,
    arenas: health.arenas,
    tickP50Ms: health.tick.p50Ms,
    tickP99Ms: health.tick.p99Ms,
    tickComputeP50Ms: health.tick.computeP50Ms,
    tickComputeP99Ms: health.tick.computeP99Ms,
    hostLoad: readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?',
    serverCpuPct: cpuPct,
    downKBpsPerPlayer: bytes / 1024 / wallS / Math.max(1, joined),
  };
}

const rows = [];
for (const p of PHASES) {
  process.stdout.write(`running ${p.players} players for ${p.rampS + p.measureS}s...\n`);
  rows.push(await runPhase(p.players, p.rampS, p.measureS));
}
const header = [
  'players',
  'arenas',
  'tick p50 ms',
  'tick p99 ms',
  'no-send p50',
  'no-send p99',
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
    r.tickComputeP50Ms.toFixed(3),
    r.tickComputeP99Ms.toFixed(3),
    r.serverCpuPct.toFixed(1),
    r.downKBpsPerPlayer.toFixed(2),
    r.hostLoad,
  ];
  process.stdout.write(`${cells.map((c, i) => c.padStart(header[i]?.length ?? 0)).join('  ')}\n`);
}
process.stdout.write(
  '\ntick = one step of all arenas incl. snapshot encoding and socket writes (wall time);\n' +
    'no-send = the same tick without the socket writes (simulation + snapshot encoding only);\n' +
    'server CPU % = of one core over the measured window; KB/s counts WebSocket payload bytes received by the bots.\n',
);
