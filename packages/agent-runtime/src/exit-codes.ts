/**
 * Exit codes of the agents, in one place so README, tests and the entry points agree.
 * They follow sysexits(3) where one fits, so orchestrators and people can tell a bad
 * configuration (fix the input) from a crash loop (look at the named program's output).
 */
export const ExitCodes = {
  /** Stopped on request and every child stopped within its timeout. */
  OK: 0,
  /** Internal failure of the agent itself (a bug): the log has the stack. */
  SOFTWARE: 70,
  /** A supervised program was fatal (crash loop, readiness never reached), or start-up failed. */
  CHILD_FATAL: 71,
  /** Stopped on request, but a child had to be killed with SIGKILL or exited with an error. */
  UNCLEAN_STOP: 72,
  /** A dependency outside the container (a peer, a volume, a DNS server) never became usable. */
  UNAVAILABLE: 69,
  /** The configuration (environment variables) is invalid; nothing was started or touched. */
  CONFIG: 78,
} as const;

export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];
