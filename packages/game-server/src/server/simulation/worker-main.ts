import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationSettings } from './messages.js';
import { runSimulationWorker } from './worker-entry.js';

// The simulation thread's entry in the bundle: scripts/build-bundle.ts bundles this file on its
// own and embeds the result in server.js as source text (WorkerCode `source`).
if (!parentPort) throw new Error('worker-main.ts runs as the game simulation worker thread only');
runSimulationWorker(parentPort, workerData as SimulationSettings);
