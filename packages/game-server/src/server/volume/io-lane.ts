import { GameError } from '../errors.js';
import type { Timers } from '../timers.js';

/** What the lane tells the app, so it can log a hang once and keep its metrics. */
export interface IoLaneEvents {
  /** A call passed its deadline and keeps its slot; `stuck` calls now hold slots. */
  stuck?(what: string, stuck: number): void;
  /** A stuck call returned at last, `stuckForMs` after it started; `stuck` are left. */
  returned?(what: string, stuck: number, stuckForMs: number): void;
}

export interface IoLaneOptions {
  /**
   * Calls on the volume at once. Each can hold one of libuv's threads (4 unless
   * UV_THREADPOOL_SIZE says otherwise) for as long as a hung mount does not answer, and those
   * threads also serve dns.lookup and every other file: keep it below the pool's size.
   */
  readonly size: number;
  /** A call's deadline, the wait for a slot included (GAME_STORAGE_TIMEOUT_S). */
  readonly timeoutMs: number;
  readonly timers: Timers;
  /** Wall clock in ms, for how long a stuck call took. */
  readonly now?: () => number;
  readonly events?: IoLaneEvents;
}

/** The lane's load, for /healthz and metrics. */
export interface IoLaneState {
  readonly inFlight: number;
  readonly queued: number;
  /** Calls past their deadline that have not returned; while there is one, calls are refused. */
  readonly stuck: number;
}

/**
 * One call on the volume: a single fs call or a short sequence of them (a sequence runs one
 * step at a time, so it holds at most one libuv thread). `signal` aborts at the deadline: a
 * sequence checks it between steps and stops before doing something its caller gave up on.
 */
export type LaneCall<T> = (signal: AbortSignal) => Promise<T>;

interface Job {
  readonly what: string;
  readonly call: LaneCall<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly abort: AbortController;
  timer: unknown;
  startedAt: number | undefined;
  /** The caller has had its answer: the result, the error or the timeout. */
  answered: boolean;
  stuck: boolean;
}

/**
 * Every file system call on the shared volume goes through here. A hung FUSE mount blocks an
 * fs call forever, and each blocked call holds one of the few libuv threads; the lane lets at
 * most `size` calls run, gives each caller a typed GAME_ERR_STORAGE_HUNG at its deadline, and
 * refuses further calls at once while one is stuck, so stuck calls never pile up past `size`.
 * A stuck call keeps its slot until it really returns (the thread is only free then).
 */
export class IoLane {
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private stuckCount = 0;
  private readonly now: () => number;

  constructor(private readonly o: IoLaneOptions) {
    this.now = o.now ?? Date.now;
  }

  get state(): IoLaneState {
    return { inFlight: this.inFlight, queued: this.queue.length, stuck: this.stuckCount };
  }

  /** Runs `call` when a slot is free; rejects with GAME_ERR_STORAGE_HUNG at the deadline. */
  run<T>(what: string, call: LaneCall<T>): Promise<T> {
    if (this.stuckCount > 0) return Promise.reject(this.refused(what));
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        what,
        call,
        resolve: resolve as (value: unknown) => void,
        reject,
        abort: new AbortController(),
        timer: undefined,
        startedAt: undefined,
        answered: false,
        stuck: false,
      };
      job.timer = this.o.timers.setTimeout(() => this.expire(job), this.o.timeoutMs);
      this.queue.push(job);
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.o.size) {
      const job = this.queue.shift();
      if (job === undefined) return;
      this.start(job);
    }
  }

  private start(job: Job): void {
    this.inFlight += 1;
    job.startedAt = this.now();
    let running: Promise<unknown>;
    try {
      running = job.call(job.abort.signal);
    } catch (e) {
      running = Promise.reject(e);
    }
    running.then(
      (value) => this.finish(job, () => job.resolve(value)),
      (err: unknown) => this.finish(job, () => job.reject(err)),
    );
  }

  private finish(job: Job, answer: () => void): void {
    this.inFlight -= 1;
    if (job.stuck) {
      job.stuck = false;
      this.stuckCount -= 1;
      this.o.events?.returned?.(job.what, this.stuckCount, this.now() - (job.startedAt ?? 0));
    } else if (!job.answered) {
      job.answered = true;
      this.o.timers.clearTimeout(job.timer);
      answer();
    }
    this.pump();
  }

  private expire(job: Job): void {
    if (job.answered) return;
    job.answered = true;
    if (job.startedAt === undefined) {
      this.queue.splice(this.queue.indexOf(job), 1);
      const err = this.hung(job.what, `waited ${this.seconds} s for a slot behind slower calls`);
      job.abort.abort(err);
      job.reject(err);
      return;
    }
    const err = this.hung(
      job.what,
      `got no answer within ${this.seconds} s: the mount is hung or very slow (the call keeps its slot until it returns)`,
    );
    job.abort.abort(err);
    job.stuck = true;
    this.stuckCount += 1;
    this.o.events?.stuck?.(job.what, this.stuckCount);
    job.reject(err);
    // What still waits would only wait behind a call that does not return.
    for (const waiting of this.queue.splice(0)) {
      waiting.answered = true;
      this.o.timers.clearTimeout(waiting.timer);
      const refused = this.refused(waiting.what);
      waiting.abort.abort(refused);
      waiting.reject(refused);
    }
  }

  private get seconds(): number {
    return this.o.timeoutMs / 1000;
  }

  private hung(what: string, detail: string): GameError {
    return new GameError(
      'GAME_ERR_STORAGE_HUNG',
      `the volume call "${what}" ${detail}; the deadline is GAME_STORAGE_TIMEOUT_S=${this.seconds}`,
    );
  }

  private refused(what: string): GameError {
    return this.hung(
      what,
      `was refused at once: ${this.stuckCount} earlier call(s) on the volume are stuck past their deadline (the mount is hung)`,
    );
  }
}
