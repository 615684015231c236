import type { MessagePort } from 'node:worker_threads';
import { type LoopClock, realClock } from './game-loop.js';
import type { FromSimulation, SimulationSettings, ToSimulation } from './messages.js';
import { SimulationThread } from './simulation-thread.js';

/**
 * The simulation worker's body: builds the simulation from the settings the main thread passed,
 * starts its loop and says ready. An uncaught error here ends the worker, and the main thread
 * (WorkerSimulation) reports it. The clocks are injected for a test fixture that steps the loop
 * by hand; the bundle's entry uses the real ones.
 */
export function runSimulationWorker(
  port: MessagePort,
  settings: SimulationSettings,
  clock: LoopClock = realClock,
  now: () => number = Date.now,
): void {
  const post = (message: FromSimulation) => port.postMessage(message);
  const thread = new SimulationThread(settings, post, clock, now);
  port.on('message', (message: ToSimulation) => thread.receive(message));
  thread.start();
  post({ t: 'ready' });
}
