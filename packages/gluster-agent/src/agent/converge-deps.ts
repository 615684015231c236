import type { Clock, Logger } from '@gluster-asteroids/agent-runtime';
import type { GlusterCli } from '../cli/gluster-cli.js';
import type { BootstrapDecision } from '../cluster/bootstrap.js';
import { ClusterError, WAITING_CLUSTER_ERRORS } from '../cluster/errors.js';
import type { GlusterAgentConfig } from '../config.js';
import type { OperatorResets, ResetStart } from '../glusterd/command-history.js';
import type { LocalBrick } from '../glusterd/local-brick.js';
import type { AddressLookup } from '../peers/resolve-peers.js';
import type { AppliedOptionsStore } from '../volume/applied-options.js';
import type { ClusterState } from './cluster-state.js';
import type { CreatorTurn } from './creator-turn.js';
import type { ProbeRefusals } from './probe-refusals.js';
import type { ProblemGrace } from './problem-grace.js';

/** What one convergence round needs. */
export interface ConvergeDeps {
  cli: GlusterCli;
  config: GlusterAgentConfig;
  state: ClusterState;
  logger: Logger;
  brickOnRootFs: boolean;
  lookup?: AddressLookup;
  /** Since when peers refuse our probe, kept across rounds (see PROBE_REFUSAL_GRACE_MS). */
  refusals: ProbeRefusals;
  /** Since when problems that may clear up by themselves have lasted, kept across rounds. */
  problemGrace: Pick<ProblemGrace, 'lasted' | 'keepOnly'>;
  /** Whether this node may create the volume yet, kept across rounds. */
  creatorTurn: Pick<CreatorTurn, 'mayCreate' | 'observe'>;
  /** The option values this node applied, kept in its state directory. */
  appliedOptions: AppliedOptionsStore;
  readUuid?: () => Promise<string | undefined>;
  /** This node's brick directory on disk (default: config.brickPath through getfattr). */
  readLocalBrick?: () => Promise<LocalBrick>;
  /** Operators' uncommitted `reset-brick ... start`s on this node (default: glusterd's command history). */
  resetStarts?: () => Promise<readonly ResetStart[]>;
  /** Which of those resets are still in progress, kept across rounds. */
  operatorResets: Pick<OperatorResets, 'inProgress'>;
  /** This container's addresses, so it knows itself under any of them. */
  ownAddresses?: () => readonly string[];
  clock?: Clock;
}

/** A round's decision, with the gluster error that stopped its steps, if one did. */
export type RoundResult = BootstrapDecision & { failure?: string };

/** How a round may act: bootstrap may create the volume, reconcile rounds never do. */
export interface RoundOptions {
  mayCreate: boolean;
  /** `observe` only records; `act-and-refresh` acts and looks again after each successful pass. */
  mode?: 'act-and-refresh' | 'observe';
}

/** Conflicts and invalid specs do not go away by waiting: the agent stops and says why. */
export function isUnrecoverable(error: unknown): boolean {
  return error instanceof ClusterError && !WAITING_CLUSTER_ERRORS.has(error.code);
}
