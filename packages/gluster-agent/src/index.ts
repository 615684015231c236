export {
  classifyOpError,
  GLUSTER_CLI_ERROR_CODES,
  GlusterCliError,
  type GlusterCliErrorCode,
  type GlusterOpFailure,
} from './cli/errors.js';
export {
  type BrickSpec,
  type CallOptions,
  GlusterCli,
  type GlusterCliOptions,
  type VolumeCreateRequest,
  type VolumeStartOutcome,
  volumeCreateArgs,
} from './cli/gluster-cli.js';
export { type HealBrickSummary, type HealSummary, healTotals, parseHealSummary } from './cli/heal.js';
export {
  PEER_STATE,
  type PeerInfo,
  type ProbeOutcome,
  type ProbeResult,
  parsePeers,
  parseProbe,
} from './cli/peers.js';
export type { CommandResult, CommandRunner, CommandRunOptions } from './cli/runner.js';
export {
  type BrickStatus,
  type DaemonStatus,
  parseVolumeStatus,
  type VolumeStatusReport,
} from './cli/volume-status.js';
export {
  parseVolumeGet,
  parseVolumeInfo,
  parseVolumeRef,
  splitBrickName,
  type VolumeBrick,
  type VolumeInfo,
  type VolumeOptionValue,
  type VolumeRef,
  type VolumeStatus,
} from './cli/volumes.js';
export { type CliEnvelope, expectSuccess, parseEnvelope } from './cli/xml.js';
export {
  type BootstrapAction,
  type BootstrapDecision,
  type BootstrapPhase,
  type ClusterObservation,
  decideBootstrap,
} from './cluster/bootstrap.js';
export {
  CLUSTER_ERROR_CODES,
  ClusterError,
  type ClusterErrorCode,
  type VolumeConflict,
} from './cluster/errors.js';
export { findPeer, type MemberState, type PeerPlan, planPeers } from './cluster/peers-plan.js';
export {
  brickHosts,
  type ClusterSpec,
  type PlannedBrick,
  plannedBricks,
  validateClusterSpec,
} from './cluster/spec.js';
export {
  findVolumeConflicts,
  plannedVolumeCreate,
  planOptions,
  volumeConflictError,
} from './cluster/volume-plan.js';
export { type BrickAvailability, brickAvailability } from './volume/brick-availability.js';
export { haVolumeOptions, type VolumeOptionDefault } from './volume/default-options.js';
