import { Worker } from 'node:worker_threads';
import { GameError } from '../errors.js';
import { ShutdownHandshake, type SimulationHost, type SimulationListener } from './host.js';
import type { FromSimulation, SimulationSettings, ToSimulation } from './messages.js';

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The code the worker runs, which calls runSimulationWorker(): a module file, or source text. The
 * bundle embeds its worker as source text: server.js stays one file, and the thread loads only
 * the simulation (21 KB) instead of the whole 925 KB server with fastify, pino and prom-client.
 * From start to the first welcome that took 510-530 ms; now 375-395 ms (290-335 ms without a
 * simulation thread).
 */
export type WorkerCode = { readonly file: URL } | { readonly source: string };

function describeCode(code: WorkerCode): string {
  return 'file' in code ? code.file.href : 'the source embedded in server.js';
}

function startFailed(code: WorkerCode, cause: unknown): GameError {
  return new GameError(
    'GAME_ERR_SIMULATION_START',
    `The simulation thread did not start from ${describeCode(code)}: ${causeText(cause)}. The game cannot ` +
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
 * the other core.
 */
export class WorkerSimulation implements SimulationHost {
  private worker: Worker | undefined;
  /** Set once the worker is meant to end, so its exit is not reported as a failure. */
  private ending = false;
  private dead = false;
  private readonly handshake = new ShutdownHandshake();

  constructor(
    private readonly code: WorkerCode,
    private readonly settings: SimulationSettings,
  ) {}

  start(listener: SimulationListener): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      let worker: Worker;
      try {
        const options = { workerData: this.settings, name: 'simulation' };
        worker =
          'file' in this.code
            ? new Worker(this.code.file, options)
            : new Worker(this.code.source, { ...options, eval: true });
      } catch (e) {
        reject(startFailed(this.code, e));
        return;
      }
      this.worker = worker;
      const fail = (cause: unknown) => {
        if (this.ending || this.dead) return;
        this.dead = true;
        this.handshake.abandon();
        if (!ready) {
          reject(startFailed(this.code, cause));
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
