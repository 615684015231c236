/** When a supervised program is started again after it ends. */
export type RestartPolicy = 'always' | 'on-failure' | 'never';

/**
 * The life of a supervised program:
 * pending -> starting -> running -> (backoff -> starting ...) -> stopping -> stopped,
 * or -> exited (ended and not restarted by policy) or -> fatal (given up on).
 */
export type ProgramState =
  | 'pending'
  | 'starting'
  | 'running'
  | 'backoff'
  | 'stopping'
  | 'stopped'
  | 'exited'
  | 'fatal';

/** Exponential backoff between restarts: initialMs * factor^(n-1), capped at maxMs. */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/**
 * Resolves when the program is ready for its dependants (a port answers, a CLI responds);
 * rejects or never resolves when it is not. Aborted when the program exits or is stopped.
 */
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;

/**
 * An unprivileged identity to run a program as. The agent must be root to switch to it. When root
 * switches to a non-zero uid the kernel clears the permitted, effective and ambient capability
 * sets, and node (libuv) drops every supplementary group of the agent, so the program has exactly
 * `gid` and no capability. (A setuid binary it runs could gain some again: add no_new_privs, e.g.
 * with util-linux's `setpriv --no-new-privs`, for a program that runs untrusted code.)
 */
export interface ProgramUser {
  /** Not 0: a program that may run as root needs no `user`. */
  uid: number;
  /** Not 0 (the root group). */
  gid: number;
  /** Its name, for USER and LOGNAME (`asteroids-game`). */
  name?: string;
  /** The program's HOME. Default `/nonexistent`: a system user without a home directory. */
  home?: string;
}

/** A program for the supervisor to run. Commands are argument arrays: never a shell string. */
export interface ProgramSpec {
  /** Unique name; tags log lines, metrics and status. */
  name: string;
  command: string;
  args: readonly string[];
  /** Environment variables of the program: added to the agent's own, or (inheritEnv false) alone. */
  env?: Record<string, string>;
  /**
   * Default true: the program gets the agent's environment plus `env`. false: only `env`, PATH,
   * and with a `user` its HOME (and USER, LOGNAME), so nothing the agent was given (credentials,
   * tokens, key paths) reaches a program that does not need it.
   */
  inheritEnv?: boolean;
  /** Run as this uid/gid instead of the agent's (root). Default: the agent's identity. */
  user?: ProgramUser;
  cwd?: string;
  /** Default `always`. */
  restart?: RestartPolicy;
  /** Default 500 ms doubling up to 30 s. */
  backoff?: Partial<BackoffSettings>;
  /** Failures counted for the fatal rule are those within this window. Default 60 s. */
  startWindowMs?: number;
  /** This many failures within the start window make the program fatal. Default 5. */
  maxFailures?: number;
  /** Signal asking the program to stop (nginx: SIGQUIT for a graceful stop). Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
  /**
   * Exit codes that also mean "stopped as asked" (glusterd exits 15 on SIGTERM). 0, death by the
   * stop signal and 128+signal are always clean.
   */
  cleanExitCodes?: readonly number[];
  /** Time the program gets to stop before its whole process group is SIGKILLed. Default 8 s. */
  stopTimeoutMs?: number;
  /** Gates dependants (programs declared after this one) until it resolves. */
  ready?: ReadinessCheck;
  /**
   * Also called with each output line, after it is logged: for an agent to count what a program
   * reports (nginx's refused connections). An exception it throws is logged, never raised.
   */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Readiness must pass within this time or the start counts as failed. Default 30 s. */
  readyTimeoutMs?: number;
}

/** How a program's process ended. */
export interface ExitInfo {
  exitCode: number | undefined;
  signal: string | undefined;
  /** Set when the process could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

/** A snapshot of one program, for health endpoints, metrics and logs. */
export interface ProgramStatus {
  name: string;
  state: ProgramState;
  pid: number | undefined;
  /** Times the program was started again after ending. */
  restarts: number;
  /** Clock time (ms) of the last state change. */
  sinceMs: number;
  lastExit: ExitInfo | undefined;
  /** The last lines it printed, oldest first (for fatal messages and /status). */
  lastLines: readonly string[];
}

/** How stopping one program went. */
export type StopOutcome = 'clean' | 'error' | 'killed' | 'not-running';
