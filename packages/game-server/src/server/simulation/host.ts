import type { GameError } from '../errors.js';
import type { FromSimulation, ToSimulation } from './messages.js';

/** What the simulation tells the main thread while it runs (the handshakes stay in the host). */
export type SimulationEvent = Exclude<FromSimulation, { t: 'ready' } | { t: 'shutdown-done' }>;

/** The main thread's side of a running simulation. */
export interface SimulationListener {
  event(event: SimulationEvent): void;
  /** The simulation died and will not tick again. Called at most once, never after a clean stop. */
  failed(error: GameError): void;
}

/**
 * Where the simulation runs, seen from the main thread: a worker thread in production
 * (WorkerSimulation) or this thread for tests that step the clock by hand (InThreadSimulation).
 * Both speak the same messages, asynchronously.
 */
export interface SimulationHost {
  /** Starts the simulation; rejects with GAME_ERR_SIMULATION_START when it cannot. */
  start(listener: SimulationListener): Promise<void>;
  post(message: ToSimulation): void;
  /**
   * Asks the simulation to shut down (byes, final scores) and waits for it to finish: true when
   * it did within `timeoutMs`. The simulation is gone afterwards either way.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

/** The shutdown-done handshake, shared by both hosts. */
export class ShutdownHandshake {
  private resolveDone: (done: boolean) => void = () => undefined;
  private readonly done = new Promise<boolean>((resolve) => {
    this.resolveDone = resolve;
  });

  /** Hands every message but shutdown-done (and ready, which start() consumes) to the listener. */
  route(message: FromSimulation, listener: SimulationListener): void {
    if (message.t === 'shutdown-done') {
      this.resolveDone(true);
    } else if (message.t !== 'ready') {
      listener.event(message);
    }
  }

  /** No shutdown-done will come (the simulation died): stop waiting. */
  abandon(): void {
    this.resolveDone(false);
  }

  /** True once shutdown-done arrived, false if `timeoutMs` passed first. */
  async wait(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
