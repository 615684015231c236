import { describeError } from '@gluster-asteroids/agent-runtime';
import { GlusterCliError, type GlusterOpFailure } from '../cli/errors.js';
import type { BootstrapDecision, ClusterObservation } from '../cluster/bootstrap.js';
import { type ConvergeDeps, isUnrecoverable } from './converge-deps.js';
import { performAction } from './perform-action.js';
import { refusedByOtherCluster } from './probe-refusals.js';

/** Step failures that are part of nodes starting together: logged at info, not as warnings. */
const ROUTINE_FAILURES: ReadonlySet<GlusterOpFailure> = new Set([
  'busy',
  'volume-exists',
  'volume-already-started',
  'probe-failed',
]);

/** Runs the decision's steps in order until one fails; says which failed and why. */
export async function runActions(
  deps: ConvergeDeps,
  decision: BootstrapDecision,
  signal: AbortSignal | undefined,
): Promise<{ completed: number; failure?: string; optionsSet: boolean }> {
  const { cli, logger, state } = deps;
  let completed = 0;
  let optionsSet = !decision.actions.some((action) => action.kind === 'set-options');
  for (const action of decision.actions) {
    try {
      await performAction(cli, action, logger, signal);
      if (action.kind === 'probe-peer') deps.refusals.accepted(action.host);
      if (action.kind === 'set-options') optionsSet = true;
      completed++;
    } catch (error) {
      signal?.throwIfAborted();
      if (isUnrecoverable(error)) throw error;
      if (action.kind === 'probe-peer' && refusedByOtherCluster(error)) {
        deps.refusals.refused(action.host, error);
        state.update({
          notes: [...state.snapshot.notes, `Peer ${action.host} refused the probe: ${error.opErrstr}`],
        });
      }
      const said =
        error instanceof GlusterCliError ? error.opErrstr || describeError(error) : describeError(error);
      // Losing a race to another node, or a peer not there yet, is routine; the rest is worth a warning.
      const routine = error instanceof GlusterCliError && ROUTINE_FAILURES.has(error.reason);
      logger[routine ? 'info' : 'warn'](
        { action: action.kind, err: describeError(error) },
        `${action.kind} failed: ${said}; observing again`,
      );
      return { completed, failure: `${action.kind}: ${said}`, optionsSet };
    }
  }
  return { completed, optionsSet };
}

/**
 * Saves which option values this node has now applied or accepted, and reports once each option
 * it leaves alone because someone else set another value. Options whose set failed stay unrecorded.
 */
export async function rememberOptions(
  deps: ConvergeDeps,
  observed: ClusterObservation,
  decision: BootstrapDecision,
  optionsSet: boolean,
): Promise<void> {
  const { volume } = observed;
  if (!volume || !optionsSet) return;
  const saved = await deps.appliedOptions.load(volume.id);
  if (JSON.stringify(saved) === JSON.stringify(decision.appliedOptions)) return;
  for (const option of decision.optionsLeftAlone) {
    deps.logger.warn(
      { option: option.key, configured: option.configured, actual: option.actual },
      `volume option ${option.key} is ${option.actual}, this node is configured with ${option.configured}: ` +
        'left alone (set by hand or by a node configured differently); change it with gluster volume set, ' +
        'or make the nodes agree',
    );
  }
  await deps.appliedOptions
    .save(volume.id, decision.appliedOptions)
    .catch((error: unknown) =>
      deps.logger.warn({ err: describeError(error) }, 'could not save the applied volume options'),
    );
}
