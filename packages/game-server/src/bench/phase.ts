import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from './bot.js';

const CLK_TCK = 100;

/** One load phase: how many bots, how long they ramp up, how long the measurement lasts. */
export interface PhaseOptions {
  players: number;
  rampS: number;
  measureS: number;
  /** The bundled game server to start (server/server.js of the game bundle). */
  server: string;
  /** Extra node flags for the server, e.g. --cpu-prof. */
  serverFlags?: readonly string[];
}

/**
 * What one phase measured. Tick and send figures are the server's own (its /healthz): the tick
 * is the simulation thread's (step, encode, hand over), the send the main thread's socket
 * writes of one tick's frames; the two threads run side by side.
 */
export interface PhaseResult {
  players: number;
  joined: number;
  arenas: number;
  tickP50Ms: number;
  tickP99Ms: number;
  sendP50Ms: number;
  sendP99Ms: number;
  hostLoad: string;
  /** Of one core, for the whole process (both threads): it may exceed 100 %. */
  serverCpuPct: number;
  downKBpsPerPlayer: number;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/** A deterministic random source for bots (an LCG), so two runs send the same inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(
  server: string,
  flags: readonly string[],
  windowS: number,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...flags, server, '0'], {
    env: {
      PATH: process.env.PATH ?? '',
      GAME_HOST: '127.0.0.1',
      GAME_LEADERBOARD_PATH: join(mkdtempSync(join(tmpdir(), 'bench-')), 'leaderboard.json'),
      GAME_SEED: '1',
      // /healthz's tick quantiles then cover the measured window only: not the start (cold JIT)
      // nor the ramp, when every join sends a full snapshot.
      GAME_TICK_STATS_WINDOW_S: String(Math.max(1, Math.round(windowS))),
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
  tick: { p50Ms: number; p99Ms: number; sendP50Ms: number; sendP99Ms: number };
}

/**
 * Starts the server on a free port, connects `players` bots from this process over `rampS`,
 * measures for `measureS`, then closes the bots and stops the server.
 */
export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { players, rampS, measureS } = options;
  const { child, port } = await startServer(options.server, options.serverFlags ?? [], measureS);
  const rand = seededRandom(12345);
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
    sendP50Ms: health.tick.sendP50Ms,
    sendP99Ms: health.tick.sendP99Ms,
    hostLoad: readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?',
    serverCpuPct: cpuPct,
    downKBpsPerPlayer: bytes / 1024 / wallS / Math.max(1, joined),
  };
}
