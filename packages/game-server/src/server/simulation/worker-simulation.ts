import { Worker } from 'node:worker_threads';
import { GameError } from '../errors.js';
import { ShutdownHandshake, type SimulationHost, type SimulationListener } from './host.js';
import type { FromSimulation, SimulationSettings, ToSimulation } from './messages.js';

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function startFailed(entry: URL, cause: unknown): GameError {
  return new GameError(
    'GAME_ERR_SIMULATION_START',
    `The simulation thread did not start from ${entry.href}: ${causeText(cause)}. The game cannot ` +
      'run without it: rebuild the bundle (npm run build:bundle) so server.js is complete, and check ' +
      'that the process may start threads.',
    { cause },
  );
}

function runFailed(cause: unknown): GameError {
  return new GameError(
    'GAME_ERR_SIMULATION_FAILED',
    `The simulation thread failed: ${causeText(cause)}. The game cannot go on without it; the ` +
      'process exits so that its supervisor starts a fresh one. The stack of the cause shows the bug.',
    { cause },
  );
}

/**
 * The simulation in a worker thread, so ticks never wait on socket writes and those writes get
 * the other core. `entry` is the module that runs runSimulationWorker() when it is not the main
 * thread: in the bundle, server.js itself.
 */
export class WorkerSimulation implements SimulationHost {
  private worker: Worker | undefined;
  /** Set once the worker is meant to end, so its exit is not reported as a failure. */
  private ending = false;
  private dead = false;
  private readonly handshake = new ShutdownHandshake();

  constructor(
    private readonly entry: URL,
    private readonly settings: SimulationSettings,
  ) {}

  start(listener: SimulationListener): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      let worker: Worker;
      try {
        worker = new Worker(this.entry, { workerData: this.settings, name: 'simulation' });
      } catch (e) {
        reject(startFailed(this.entry, e));
        return;
      }
      this.worker = worker;
      const fail = (cause: unknown) => {
        if (this.ending || this.dead) return;
        this.dead = true;
        this.handshake.abandon();
        if (!ready) {
          reject(startFailed(this.entry, cause));
          return;
        }
        listener.failed(runFailed(cause));
      };
      worker.on('message', (message: FromSimulation) => {
        if (message.t === 'ready') {
          ready = true;
          resolve();
        }
        this.handshake.route(message, listener);
      });
      worker.on('error', fail);
      worker.on('messageerror', fail);
      worker.on('exit', (code) => fail(new Error(`the thread exited with code ${code}`)));
    });
  }

  post(message: ToSimulation): void {
    if (!this.dead) this.worker?.postMessage(message);
  }

  async stop(timeoutMs: number): Promise<boolean> {
    const worker = this.worker;
    if (!worker) return true;
    let done = false;
    if (!this.dead) {
      worker.postMessage({ t: 'shutdown' } satisfies ToSimulation);
      done = await this.handshake.wait(timeoutMs);
    }
    // The worker must never outlive the server, finished or not.
    this.ending = true;
    await worker.terminate();
    return done;
  }
}
