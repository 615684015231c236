import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { SimulationEvent } from '../../src/server/simulation/host.js';
import { InThreadSimulation } from '../../src/server/simulation/in-thread-simulation.js';
import { ManualClock } from '../../src/server/simulation/manual-clock.js';
import type { FromSimulation, SimulationSettings } from '../../src/server/simulation/messages.js';
import { KEY } from '../../src/shared/protocol/keys.js';
import { DEFAULT_RULES } from '../../src/shared/sim/rules.js';
import type { SteppedMessage } from '../fixtures/stepped-simulation.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/stepped-simulation.ts', import.meta.url));
const SETTINGS: SimulationSettings = { rules: DEFAULT_RULES, maxArenas: 4, snapshotEvery: 2, seed: 7 };
const TICK_MS = 1000 / DEFAULT_RULES.tickHz;

const ticks = (n: number): SteppedMessage[] => Array.from({ length: n }, () => ({ t: 'step', ms: TICK_MS }));

/** Joins, inputs, a resync, a leave and a shutdown, with ticks in between. */
const SCRIPT: SteppedMessage[] = [
  { t: 'join', sessionId: 1, name: 'ann', hue: 10 },
  { t: 'join', sessionId: 2, name: 'ben', hue: 200 },
  { t: 'input', sessionId: 1, keys: KEY.fire | KEY.left },
  { t: 'input', sessionId: 2, keys: KEY.thrust },
  ...ticks(30),
  { t: 'join', sessionId: 3, name: 'cat', hue: 90 },
  { t: 'resync', sessionId: 2 },
  { t: 'input', sessionId: 3, keys: KEY.fire | KEY.right | KEY.thrust },
  ...ticks(30),
  { t: 'leave', sessionId: 1 },
  ...ticks(10),
  { t: 'shutdown' },
];

/** Tick durations differ run to run; everything else must not. */
function comparable(event: SimulationEvent): unknown {
  return event.t === 'tick' ? { ...event, ms: 0 } : event;
}

async function runInThread(): Promise<unknown[]> {
  const clock = new ManualClock();
  const events: unknown[] = [];
  const host = new InThreadSimulation(SETTINGS, { clock, now: () => 0 });
  await host.start({ event: (e) => events.push(comparable(e)), failed: (e) => events.push(e) });
  for (const step of SCRIPT) {
    if (step.t === 'step') clock.advance(step.ms);
    else if (step.t === 'shutdown') expect(await host.stop(5000)).toBe(true);
    else host.post(step);
    // Messages travel in microtasks: let each land before the clock moves on.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return events;
}

async function runInWorker(): Promise<unknown[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-thread-'));
  const script = join(dir, 'stepped-simulation.mjs');
  await build({ entryPoints: [FIXTURE], outfile: script, bundle: true, platform: 'node', format: 'esm' });
  const worker = new Worker(script, { workerData: SETTINGS });
  const events: unknown[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromSimulation) => {
        if (message.t === 'ready') for (const step of SCRIPT) worker.postMessage(step);
        else if (message.t === 'shutdown-done') resolve();
        else events.push(comparable(message));
      });
    });
  } finally {
    await worker.terminate();
  }
  return events;
}

describe('the simulation thread protocol', () => {
  it('gives the same frames, messages and scores in a worker as in this thread', async () => {
    const [inThread, inWorker] = [await runInThread(), await runInWorker()];
    const kinds = new Set(inThread.map((e) => (e as { t: string }).t));
    expect([...kinds]).toEqual(expect.arrayContaining(['send', 'frames', 'tick', 'close']));
    expect(inWorker).toEqual(inThread);
  });
});
