// The public API of the shared agent runtime, exported by name.

// envalid's building blocks, for agent-specific validators, so agents need not depend on it.
export { EnvError, makeValidator, str } from 'envalid';
export { type AgentHealth, type AgentHealthOptions, startAgentHealth } from './agent/agent-health.js';
export { exitCodeFor } from './agent/exit-code-for.js';
export { runAgent } from './agent/run-agent.js';
export { CommandError, type CommandOutput, commandSaid, tailOf } from './command/command-error.js';
export { type CommandRunner, type RunCommandOptions, runCommand } from './command/run-command.js';
export { commonEnvSpecs } from './config/common.js';
export { ConfigError, type ConfigProblem } from './config/config-error.js';
export { type EnvSpecs, type ParsedEnv, ProblemList, parseEnv } from './config/env.js';
export {
  absolutePath,
  flag,
  hostList,
  int,
  nonEmpty,
  oneOf,
  optionalPort,
  secondsAsMs,
  tcpPort,
} from './config/validators.js';
export { describeError, GaError, hasErrorCode, type RuntimeErrorCode, RuntimeErrorCodes } from './errors.js';
export { type ExitCode, ExitCodes } from './exit-codes.js';
export { writeFileAtomically } from './files/write-file-atomically.js';
export {
  type CheckResult,
  type HealthChecks,
  type HealthServer,
  type HealthServerOptions,
  startHealthServer,
} from './health/health-server.js';
export { liveCounter, liveGauge } from './health/live-gauge.js';
export { registerSupervisorMetrics } from './health/supervisor-metrics.js';
export { type HttpAnswer, type HttpGetOptions, httpGet } from './http/http-get.js';
export { createLogger, type LogFormat, type Logger, type LoggerSettings } from './logger.js';
export { type ChildEnv, childEnv, DEFAULT_PATH, NO_HOME } from './supervisor/child-env.js';
export { type ChildHandle, type Spawner, type SpawnRequest, spawnChild } from './supervisor/child-process.js';
export { PROGRAM_DEFAULTS } from './supervisor/program.js';
export { ProgramFatalError, ProgramNotReadyError } from './supervisor/program-errors.js';
export {
  backoffDelay,
  decideAfterExit,
  describeExit,
  isFailedExit,
  type RestartDecision,
} from './supervisor/restart-policy.js';
export { onReloadSignal, onStopSignal } from './supervisor/stop-signals.js';
export { Supervisor, type SupervisorOptions, type SupervisorResult } from './supervisor/supervisor.js';
export type {
  BackoffSettings,
  ExitInfo,
  ProgramSpec,
  ProgramState,
  ProgramStatus,
  ProgramUser,
  ReadinessCheck,
  RestartPolicy,
  StopOutcome,
} from './supervisor/types.js';
export { type Clock, systemClock } from './time/clock.js';
export { ManualClock } from './time/manual-clock.js';
export { DeadlineError, type PollOptions, type PollResult, pollUntil } from './time/poll-until.js';
export { installGlusterTls, removeGlusterTls } from './tls/gluster-tls-files.js';
export {
  type IssueOptions,
  issueMemberCredentials,
  MEMBER_CERTIFICATE_DAYS,
  type MemberCredentials,
} from './tls/member-credentials.js';
export { type PrepareTlsOptions, prepareGlusterTls } from './tls/prepare-tls.js';
export { assertValidNow, readStackCa, type StackCa, stackCaFix } from './tls/stack-ca.js';
export { initStackCa, STACK_CA_DAYS, type StackCaInit } from './tls/stack-ca-init.js';
export { type TlsErrorCode, TlsErrorCodes, tlsError } from './tls/tls-errors.js';
export {
  DEFAULT_STACK_CA_FILE,
  GLUSTER_TLS_PATHS,
  type GlusterTlsPaths,
  type TlsSettings,
  tlsEnvSpecs,
} from './tls/tls-settings.js';
export {
  daysUntilExpiryAt,
  EXPIRY_WARNING_DAYS,
  expiryWarning,
  type TlsRenewalStatus,
  type TlsStatus,
  tlsStatusAt,
  tlsStatusOf,
} from './tls/tls-status.js';
