import type { BootstrapDecision } from '../cluster/bootstrap.js';
import { decideBootstrap } from '../cluster/bootstrap.js';
import type { ClusterSpec } from '../cluster/spec.js';
import { brickNotEmptyError, brickOrphanedError } from '../cluster/volume-creation.js';
import type { AgentPhase } from './cluster-state.js';
import { type ConvergeDeps, isUnrecoverable, type RoundOptions, type RoundResult } from './converge-deps.js';
import { type Look, look } from './look.js';
import { nodeKeys } from './node-keys.js';
import { rememberOptions, runActions } from './run-actions.js';

export type { ConvergeDeps, RoundOptions, RoundResult } from './converge-deps.js';
export { isUnrecoverable } from './converge-deps.js';

function phaseOf(decision: BootstrapDecision): AgentPhase {
  if (decision.phase !== 'ready') return decision.phase;
  return decision.notes.length > 0 ? 'degraded' : 'ready';
}

/**
 * How many act-then-look passes one round makes while every step succeeds: the probe, then
 * create, set and start, each followed by a look. Bounded, so a step that succeeds without
 * changing what is observed waits for the next round instead of spinning.
 */
const PASSES_PER_ROUND = 2;

/**
 * One round: observe, decide, act, and look again after each pass whose steps all succeeded, up
 * to PASSES_PER_ROUND passes. Every step is idempotent (probing a known peer, starting a started
 * volume), so any number of nodes may run rounds at once; a failed step ends the round, is logged
 * with gluster's own words, and the next round observes again. Returns the decision, or undefined
 * while a node without GLUSTER_PEER waits to be probed.
 */
export async function convergeOnce(
  deps: ConvergeDeps,
  signal: AbortSignal | undefined,
  options: RoundOptions,
): Promise<RoundResult | undefined> {
  const passes = options.mode === 'observe' ? 0 : PASSES_PER_ROUND;
  for (let pass = 0; ; pass++) {
    const seen = await look(deps, signal);
    const decision = seen.spec ? await decide(deps, seen, seen.spec, options) : undefined;
    record(deps, seen, decision);
    // After recording, so health and status show what this look saw, conflict included.
    if (decision?.error && isUnrecoverable(decision.error)) throw decision.error;
    if (!decision || pass >= passes) return decision;
    const outcome = await runActions(deps, decision, signal);
    await rememberOptions(deps, seen.observed, decision, outcome.optionsSet);
    if (outcome.failure !== undefined) return { ...decision, failure: outcome.failure };
    if (outcome.completed === 0) return decision;
  }
}

async function decide(
  deps: ConvergeDeps,
  seen: Look,
  spec: ClusterSpec,
  options: RoundOptions,
): Promise<BootstrapDecision> {
  const { volume } = seen.observed;
  const decision = decideBootstrap(spec, seen.observed, {
    mayCreate: options.mayCreate && deps.creatorTurn.mayCreate(spec),
    appliedOptions: volume ? await deps.appliedOptions.load(volume.id) : {},
    nodeKeyOf: nodeKeys([spec.self, deps.config.self], seen.nodeUuid, seen.observed.peers),
  });
  deps.creatorTurn.observe(decision.poolComplete && !volume);
  return decision;
}

/** Health, status and metrics read what this look saw; a new operator-facing error is logged once. */
function record(deps: ConvergeDeps, seen: Look, decision: BootstrapDecision | undefined): void {
  const { state, config, logger } = deps;
  const common = {
    observedAt: new Date().toISOString(),
    nodeUuid: seen.nodeUuid,
    peers: seen.observed.peers,
    volume: seen.observed.volume,
    bricks: seen.observed.bricks ?? [],
  };
  let error = decision?.error;
  let phase: AgentPhase = decision ? phaseOf(decision) : 'waiting-to-be-probed';
  let notes = decision
    ? [...seen.unresolved, ...decision.notes]
    : [`No GLUSTER_PEER: waiting for another node to probe this one and create volume ${config.volumeName}.`];
  const { localBrick } = seen.observed;
  if (!decision && localBrick.kind === 'stamped' && seen.observed.peers.length === 0) {
    // The seed's first node, its state lost, its brick full: no probe will ever make it whole.
    error = brickOrphanedError(config, localBrick.volumeId, 0);
  } else if (!decision && localBrick.kind === 'fresh' && localBrick.entries > 0) {
    // A waiting node cannot stop its prober from creating over these files: it can say so.
    error = brickNotEmptyError(config, localBrick.entries);
  }
  if (error && !decision) {
    phase = 'blocked';
    notes = [error.message];
  }
  deps.problemGrace.keepOnly(error ? [error.code] : []);
  if (error?.code === 'GA_BRICK_ORPHANED' && !deps.problemGrace.lasted(error.code)) {
    // Peers that just connected may still be sending this brick's volume definition.
    phase = 'waiting-for-peers';
    notes = [
      `Brick ${config.brickPath} belongs to a volume this node does not know yet; waiting for the peers to sync it.`,
    ];
    error = undefined;
  }
  const message = error?.message;
  if (message !== state.snapshot.blockedBy) {
    // An unrecoverable one is thrown next and logged once where it ends the agent (or the round).
    if (error && !isUnrecoverable(error)) logger.error({ code: error.code }, error.message);
    else if (state.snapshot.blockedBy) logger.info('the earlier problem is gone');
  }
  state.update({ ...common, phase, notes, blockedBy: message });
}
