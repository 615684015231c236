import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { GaError, RuntimeErrorCodes } from '../errors.js';
import { ExitCodes } from '../exit-codes.js';
import { type Clock, systemClock } from '../time/clock.js';
import { type Spawner, spawnChild } from './child-process.js';
import { SupervisedProgram } from './program.js';
import type { ProgramFatalError } from './program-errors.js';
import type { ProgramSpec, ProgramStatus, StopOutcome } from './types.js';

/** How the supervisor ended: asked to stop, or because a program was fatal. */
export interface SupervisorResult {
  reason: 'stopped' | 'fatal';
  /** The agent's exit code: OK, UNCLEAN_STOP or CHILD_FATAL (see ExitCodes). */
  exitCode: number;
  /** How each program's stop went, in stop order. */
  stops: ReadonlyArray<{ name: string; outcome: StopOutcome }>;
  fatal?: ProgramFatalError;
}

export interface SupervisorOptions {
  logger: Logger;
  clock?: Clock;
  /** Replaces process spawning (unit tests). */
  spawn?: Spawner;
}

type SupervisorEvents = { state: [ProgramStatus] };

function validateSpecs(specs: readonly ProgramSpec[]): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!spec.name || seen.has(spec.name)) {
      throw new GaError(
        RuntimeErrorCodes.PROGRAM_SPEC_INVALID,
        `Program names must be unique and non-empty; got "${spec.name}" twice or empty`,
      );
    }
    seen.add(spec.name);
    validateUser(spec);
  }
}

/** A program's `user` must name an unprivileged identity: uid and gid whole numbers above 0. */
function validateUser(spec: ProgramSpec): void {
  if (!spec.user) return;
  for (const field of ['uid', 'gid'] as const) {
    const value = spec.user[field];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new GaError(
        RuntimeErrorCodes.PROGRAM_SPEC_INVALID,
        `Program "${spec.name}": \`user.${field}\` must be a whole number from 1 up (0 is root; ` +
          `leave \`user\` out to run as the agent), got \`${String(value)}\``,
      );
    }
  }
}

/**
 * Runs programs in a declared order (each waits for the previous one's readiness), restarts
 * them by policy, stops everything in reverse order on request or when one is fatal, and never
 * leaves a child behind. `done` resolves with the exit code the agent should end with.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly done: Promise<SupervisorResult>;
  private readonly programs: SupervisedProgram[] = [];
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly spawn: Spawner;
  private resolveDone!: (result: SupervisorResult) => void;
  private stopping: Promise<SupervisorResult> | undefined;
  private readonly onProcessExit = (): void => this.killAllNow();

  constructor(options: SupervisorOptions) {
    super();
    this.log = options.logger;
    this.clock = options.clock ?? systemClock;
    this.spawn = options.spawn ?? spawnChild;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    // If the agent dies without a stop (an uncaught error), its children must not outlive it.
    process.once('exit', this.onProcessExit);
  }

  /**
   * Starts `specs` in order after those already running. Resolves once all are ready; rejects
   * with ProgramFatalError (after stopping everything) if one is given up on while starting.
   */
  async start(specs: readonly ProgramSpec[]): Promise<void> {
    validateSpecs([...this.programs.map((p) => ({ name: p.name }) as ProgramSpec), ...specs]);
    for (const spec of specs) {
      if (this.stopping) return;
      const program = new SupervisedProgram(spec, { logger: this.log, clock: this.clock, spawn: this.spawn });
      program.on('state', (status) => this.emit('state', status));
      program.on('fatal', (error) => void this.stopAll('fatal', error));
      this.programs.push(program);
      await program.start();
    }
  }

  /** Snapshots of every program, in start order. */
  status(): ProgramStatus[] {
    return this.programs.map((program) => program.status());
  }

  /**
   * Restarts one running program at once (see SupervisedProgram.restart): resolves true once it
   * is ready again, false when it is not running, the supervisor is stopping, or it did not come back.
   */
  restart(name: string, reason: string, whileStopped?: () => Promise<void>): Promise<boolean> {
    const program = this.programs.find((candidate) => candidate.name === name);
    if (!program || this.stopping) return Promise.resolve(false);
    return program.restart(reason, whileStopped);
  }

  /** Stops every program in reverse start order; idempotent. */
  stop(): Promise<SupervisorResult> {
    return this.stopAll('stopped');
  }

  private stopAll(reason: 'stopped' | 'fatal', fatal?: ProgramFatalError): Promise<SupervisorResult> {
    this.stopping ??= (async () => {
      this.log.info(
        reason === 'fatal'
          ? `stopping all programs because ${fatal?.program} is fatal`
          : 'stopping all programs in reverse start order',
      );
      const stops: Array<{ name: string; outcome: StopOutcome }> = [];
      for (const program of [...this.programs].reverse()) {
        stops.push({ name: program.name, outcome: await program.stop() });
      }
      process.removeListener('exit', this.onProcessExit);
      const clean = stops.every((stop) => stop.outcome === 'clean' || stop.outcome === 'not-running');
      const exitCode =
        reason === 'fatal' ? ExitCodes.CHILD_FATAL : clean ? ExitCodes.OK : ExitCodes.UNCLEAN_STOP;
      const result: SupervisorResult = { reason, exitCode, stops, ...(fatal ? { fatal } : {}) };
      this.log.info({ stops, exitCode }, `all programs stopped (${clean ? 'cleanly' : 'not cleanly'})`);
      this.resolveDone(result);
      return result;
    })();
    return this.stopping;
  }

  private killAllNow(): void {
    for (const program of this.programs) program.killNow();
  }
}
