import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import { childEnv } from './child-env.js';
import type { ChildHandle, Spawner } from './child-process.js';
import { LineBuffer } from './line-buffer.js';
import { ProgramFatalError, ProgramNotReadyError } from './program-errors.js';
import { decideAfterExit, describeExit, type RestartRule } from './restart-policy.js';
import type { ExitInfo, ProgramSpec, ProgramState, ProgramStatus, StopOutcome } from './types.js';

/** Defaults of a ProgramSpec, one place, each with its reason. */
export const PROGRAM_DEFAULTS = {
  restart: 'always',
  // Fast first retry (a daemon that lost a race), then back off so a broken one costs little.
  backoff: { initialMs: 500, maxMs: 30_000, factor: 2 },
  // 5 failures in a minute is a crash loop, not bad luck: stop and say so.
  startWindowMs: 60_000,
  maxFailures: 5,
  stopSignal: 'SIGTERM',
  // Well within Docker's default 10 s grace period once several programs stop in sequence.
  stopTimeoutMs: 8_000,
  readyTimeoutMs: 30_000,
  // Enough output to show the error that killed a program, not a wall of text.
  lastLines: 20,
} as const;

export interface ProgramDeps {
  logger: Logger;
  clock: Clock;
  spawn: Spawner;
}

type ProgramEvents = { state: [ProgramStatus]; fatal: [ProgramFatalError] };

/** True when a program ended the way a requested stop should end it. */
function isCleanStop(exit: ExitInfo, stopSignal: NodeJS.Signals, cleanExitCodes: readonly number[]): boolean {
  const signalNumber = constants.signals[stopSignal];
  if (exit.signal !== undefined) return exit.signal === stopSignal;
  return (
    exit.exitCode === 0 ||
    exit.exitCode === 128 + signalNumber ||
    cleanExitCodes.includes(exit.exitCode ?? -1)
  );
}

/**
 * One supervised program: spawns it, gates on its readiness check, restarts it by policy with
 * backoff, declares it fatal on a crash loop, and stops it with escalation to SIGKILL.
 */
export class SupervisedProgram extends EventEmitter<ProgramEvents> {
  readonly name: string;
  private state: ProgramState = 'pending';
  private sinceMs: number;
  private child: ChildHandle | undefined;
  private childRunning = false;
  private restarts = 0;
  private failureTimes: number[] = [];
  private lastExit: ExitInfo | undefined;
  private readonly lines = new LineBuffer(PROGRAM_DEFAULTS.lastLines);
  private readonly rule: RestartRule;
  private readonly lifecycle = new AbortController();
  private readonly log: Logger;
  private loop: Promise<void> | undefined;
  private stopping: Promise<StopOutcome> | undefined;
  private settleFirstStart: ((ready: boolean | ProgramFatalError) => void) | undefined;
  /** Set by restart(): the next exit is the one asked for, started again at once. */
  private restartRequest:
    | {
        reason: string;
        settle: (ready: boolean) => void;
        whileStopped?: () => Promise<void>;
        started?: boolean;
      }
    | undefined;

  constructor(
    private readonly spec: ProgramSpec,
    private readonly deps: ProgramDeps,
  ) {
    super();
    this.name = spec.name;
    this.sinceMs = deps.clock.now();
    this.log = deps.logger.child({ program: spec.name });
    this.rule = {
      policy: spec.restart ?? PROGRAM_DEFAULTS.restart,
      backoff: { ...PROGRAM_DEFAULTS.backoff, ...spec.backoff },
      startWindowMs: spec.startWindowMs ?? PROGRAM_DEFAULTS.startWindowMs,
      maxFailures: spec.maxFailures ?? PROGRAM_DEFAULTS.maxFailures,
    };
  }

  /**
   * Starts the program. Resolves true once it is running and ready, false if it ended cleanly
   * or was stopped before that; rejects with ProgramFatalError if it was given up on.
   */
  start(): Promise<boolean> {
    if (this.loop) throw new Error(`program "${this.name}" was already started`);
    const firstStart = new Promise<boolean>((resolve, reject) => {
      this.settleFirstStart = (outcome) => {
        this.settleFirstStart = undefined;
        if (outcome instanceof ProgramFatalError) reject(outcome);
        else resolve(outcome);
      };
    });
    this.loop = this.superviseLoop();
    return firstStart;
  }

  status(): ProgramStatus {
    return {
      name: this.name,
      state: this.state,
      pid: this.childRunning ? this.child?.pid : undefined,
      restarts: this.restarts,
      sinceMs: this.sinceMs,
      lastExit: this.lastExit,
      lastLines: this.lines.snapshot(),
    };
  }

  /** Stops the program (idempotent): stop signal, then SIGKILL to its group after the timeout. */
  stop(): Promise<StopOutcome> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  /**
   * Stops the running program with its stop signal and starts it again at once: asked for, so
   * not a failure (no backoff, not counted towards the crash loop). `whileStopped` runs between. Resolves true once it is
   * ready again, false when it did not come back (ended, stopped, or given up on meanwhile).
   */
  restart(reason: string, whileStopped?: () => Promise<void>): Promise<boolean> {
    const child = this.child;
    if (this.stopping || this.restartRequest || !child || !this.childRunning) return Promise.resolve(false);
    const ready = new Promise<boolean>((resolve) => {
      this.restartRequest = { reason, settle: resolve, ...(whileStopped ? { whileStopped } : {}) };
    });
    const stopSignal = this.spec.stopSignal ?? PROGRAM_DEFAULTS.stopSignal;
    const timeoutMs = this.spec.stopTimeoutMs ?? PROGRAM_DEFAULTS.stopTimeoutMs;
    this.log.info(`restarting ${this.name}: ${reason}`);
    child.signalGroup(stopSignal);
    // Escalated like a stop: a program that ignores its stop signal must not block the restart.
    void this.deps.clock.sleep(timeoutMs, this.lifecycle.signal).then(
      () => {
        if (this.child === child && this.childRunning) child.signalGroup('SIGKILL');
      },
      () => undefined,
    );
    return ready;
  }

  /** Last resort when the agent itself is exiting: SIGKILL the group, synchronously. */
  killNow(): void {
    if (this.childRunning) this.child?.signalGroup('SIGKILL');
  }

  private setState(state: ProgramState): void {
    if (state === this.state) return;
    this.state = state;
    this.sinceMs = this.deps.clock.now();
    this.log.debug({ state }, `${this.name} is ${state}`);
    this.emit('state', this.status());
  }

  private async superviseLoop(): Promise<void> {
    while (!this.lifecycle.signal.aborted) {
      const exit = await this.runOnce();
      if (this.lifecycle.signal.aborted) break;
      this.lastExit = exit;
      if (this.restartRequest && !this.restartRequest.started) {
        this.restartRequest.started = true;
        this.restarts++;
        // Work that needs the program stopped (files it reads only at start); a failure is logged
        // and the program starts anyway: leaving it down would be worse.
        await this.restartRequest
          .whileStopped?.()
          .catch((error: unknown) =>
            this.log.error(
              { err: error },
              `while ${this.name} was stopped for its restart: ${String(error)}`,
            ),
          );
        continue;
      }
      const now = this.deps.clock.now();
      this.failureTimes = [...this.failureTimes, now].filter((at) => now - at <= this.rule.startWindowMs);
      const decision = decideAfterExit(this.rule, exit, this.failureTimes, now);
      if (decision.action === 'exited') {
        this.log.info(`${this.name} ${describeExit(exit)}; not restarted (policy "${this.rule.policy}")`);
        this.setState('exited');
        this.settleFirstStart?.(false);
        this.settleRestart(false);
        return;
      }
      if (decision.action === 'fatal') {
        const error = new ProgramFatalError(this.name, decision.reason, this.lines.snapshot());
        this.setState('fatal');
        this.log.error({ err: error }, error.message);
        this.settleFirstStart?.(error);
        this.settleRestart(false);
        this.emit('fatal', error);
        return;
      }
      this.log.warn(
        { exitCode: exit.exitCode, signal: exit.signal, delayMs: decision.delayMs },
        `${this.name} ${describeExit(exit)}; restarting in ${decision.delayMs} ms ` +
          `(failure ${decision.recentFailures} of ${this.rule.maxFailures} allowed within ` +
          `${Math.round(this.rule.startWindowMs / 1000)} s)`,
      );
      this.setState('backoff');
      try {
        await this.deps.clock.sleep(decision.delayMs, this.lifecycle.signal);
      } catch {
        break; // stop requested during backoff
      }
      this.restarts++;
    }
    this.settleFirstStart?.(false);
    if (this.restartRequest) this.restartRequest.started = true;
    this.settleRestart(false);
  }

  /** Runs the program once: spawn, readiness, wait for the end. */
  private async runOnce(): Promise<ExitInfo> {
    this.setState('starting');
    const { env, extendEnv } = childEnv(this.spec);
    const child = this.deps.spawn({
      command: this.spec.command,
      args: this.spec.args,
      env,
      extendEnv,
      ...(this.spec.user ? { uid: this.spec.user.uid, gid: this.spec.user.gid } : {}),
      ...(this.spec.cwd ? { cwd: this.spec.cwd } : {}),
      onLine: (stream, line) => this.onLine(stream, line),
    });
    this.child = child;
    this.childRunning = true;
    const exited = child.exited.then((exit) => {
      this.childRunning = false;
      return exit;
    });
    // No pid: the process was never created (ENOENT, EACCES); the exit says why.
    if (child.pid === undefined) return await exited;
    this.log.info(
      {
        childPid: child.pid,
        ...(this.spec.user ? { uid: this.spec.user.uid, gid: this.spec.user.gid } : {}),
      },
      `started ${this.name}`,
    );
    if (this.spec.ready) {
      const outcome = await this.awaitReadiness(this.spec.ready, exited);
      if (outcome !== 'ready') return await exited;
    }
    this.setState('running');
    this.settleFirstStart?.(true);
    this.settleRestart(true);
    const exit = await exited;
    // Whatever the program left behind in its group would otherwise be orphaned.
    child.signalGroup('SIGKILL');
    return exit;
  }

  /** Ends a restart() wait: the program is ready again (true) or will not be (false). */
  private settleRestart(ready: boolean): void {
    if (!this.restartRequest?.started) return;
    const { settle } = this.restartRequest;
    this.restartRequest = undefined;
    settle(ready);
  }

  private onLine(stream: 'stdout' | 'stderr', line: string): void {
    this.lines.push(line);
    this.log.info({ stream }, line);
    try {
      this.spec.onLine?.(stream, line);
    } catch (error) {
      this.log.warn({ err: error }, `the output hook of ${this.name} failed`);
    }
  }

  private async awaitReadiness(
    ready: NonNullable<ProgramSpec['ready']>,
    exited: Promise<ExitInfo>,
  ): Promise<'ready' | 'ended' | 'not-ready'> {
    const timeoutMs = this.spec.readyTimeoutMs ?? PROGRAM_DEFAULTS.readyTimeoutMs;
    const attempt = new AbortController();
    const abortAttempt = (): void => attempt.abort();
    this.lifecycle.signal.addEventListener('abort', abortAttempt, { once: true });
    try {
      const outcome = await Promise.race([
        exited.then(() => 'ended' as const),
        ready(attempt.signal).then(() => 'ready' as const),
        this.deps.clock.sleep(timeoutMs, attempt.signal).then(() => {
          throw new ProgramNotReadyError(this.name, timeoutMs);
        }),
      ]);
      return outcome;
    } catch (error) {
      if (this.lifecycle.signal.aborted || !this.childRunning) return 'ended';
      const notReady =
        error instanceof ProgramNotReadyError ? error : new ProgramNotReadyError(this.name, timeoutMs, error);
      this.log.error({ err: notReady }, `${notReady.message}; killing it (counts as a failed start)`);
      this.child?.signalGroup('SIGKILL');
      return 'not-ready';
    } finally {
      attempt.abort();
      this.lifecycle.signal.removeEventListener('abort', abortAttempt);
    }
  }

  private async stopNow(): Promise<StopOutcome> {
    this.lifecycle.abort();
    const child = this.child;
    if (!child || !this.childRunning) {
      await this.loop;
      if (this.state !== 'fatal' && this.state !== 'exited') this.setState('stopped');
      return 'not-running';
    }
    const stopSignal = this.spec.stopSignal ?? PROGRAM_DEFAULTS.stopSignal;
    const timeoutMs = this.spec.stopTimeoutMs ?? PROGRAM_DEFAULTS.stopTimeoutMs;
    this.setState('stopping');
    this.log.info(`stopping ${this.name} with ${stopSignal} (up to ${timeoutMs} ms)`);
    child.signalGroup(stopSignal);
    const timer = new AbortController();
    const exit = await Promise.race([
      child.exited,
      this.deps.clock.sleep(timeoutMs, timer.signal).then(
        () => undefined,
        () => undefined,
      ),
    ]);
    timer.abort();
    let outcome: StopOutcome;
    if (exit === undefined) {
      this.log.warn(`${this.name} did not stop within ${timeoutMs} ms: sending SIGKILL to its process group`);
      child.signalGroup('SIGKILL');
      this.lastExit = await child.exited;
      outcome = 'killed';
    } else {
      this.lastExit = exit;
      outcome = isCleanStop(exit, stopSignal, this.spec.cleanExitCodes ?? []) ? 'clean' : 'error';
      if (outcome === 'error') this.log.warn(`${this.name} ${describeExit(exit)} while stopping`);
    }
    child.signalGroup('SIGKILL');
    await this.loop;
    this.setState('stopped');
    this.log.info({ outcome }, `${this.name} stopped`);
    return outcome;
  }
}
