import {
  type Logger,
  pollUntil,
  prepareGlusterTls,
  type Supervisor,
  type TlsSettings,
  type TlsStatus,
} from '@gluster-asteroids/agent-runtime';
import type { ClusterState } from '../agent/cluster-state.js';
import type { Reconciler } from '../agent/reconciler.js';
import { stopGlusterProcesses } from '../glusterd/gluster-processes.js';
import { removeStalePidFiles } from '../glusterd/stale-pid-files.js';
import type { RenewalAttempt } from './certificate-renewal.js';

/** What {@link renewInPlace} works with: the running agent's parts. */
export interface RenewInPlaceDeps {
  settings: TlsSettings;
  /** The certificate's CN: this node's name. */
  self: string;
  logger: Logger;
  reconciler: Pick<Reconciler, 'exclusive'>;
  state: Pick<ClusterState, 'snapshot' | 'localBrickOnline'>;
  supervisor: Pick<Supervisor, 'restart'>;
  /** The TLS status in use now: its CA is the one the new certificate must come from. */
  current: () => TlsStatus;
  /**
   * How long the local brick may take to be online again (default 150 s). Usually a second or
   * two; but the brick port is pinned (49152), and glusterd takes a port held by the old brick's
   * connections in TIME_WAIT (up to 60 s) for a used one, so under load the brick may only come
   * back once those have cleared (the reconcile round inside starts it then).
   */
  brickTimeoutMs?: number;
}

/**
 * One try at renewing this server's certificate in place. gluster loads a certificate only when
 * a process starts (each transport keeps the SSL context it made), so renewing means restarting
 * this node's glusterd, brick and self-heal daemon: done only while the volume is fully redundant
 * (every brick online, nothing to heal), with no reconcile round beside it, looked at afresh
 * first. Clients lose this brick for a moment and keep the others, as in a graceful restart.
 */
export function renewInPlace(deps: RenewInPlaceDeps): (signal: AbortSignal) => Promise<RenewalAttempt> {
  const { logger, state } = deps;
  return (signal) =>
    deps.reconciler.exclusive(async (roundInside) => {
      await roundInside();
      if (state.snapshot.maintenance.on)
        return { waitingFor: 'the end of maintenance (an operator works by hand)' };
      const gaps = state.snapshot.redundancy.reasons;
      if (!state.snapshot.redundancy.redundant)
        return { waitingFor: `a fully redundant volume (${gaps.join('; ')})` };
      signal.throwIfAborted();
      const current = deps.current();
      const renewed = await prepareGlusterTls({
        settings: deps.settings,
        commonName: deps.self,
        logger,
        offNote: '',
        signal,
        ...(current.mode === 'on' ? { expectCaFingerprint: current.caFingerprint } : {}),
      });
      if (!renewed) throw signal.reason;
      logger.info(
        "restarting this node's gluster processes to load the renewed certificate; the other bricks serve meanwhile",
      );
      // Bricks first, so clients see closed sockets and use the other bricks at once.
      await stopGlusterProcesses({ logger, timeoutMs: 3_000 });
      await removeStalePidFiles({ logger });
      if (!(await deps.supervisor.restart('glusterd', 'it loads its certificate only when it starts'))) {
        throw new Error('glusterd did not come back after its restart; the supervisor log says why');
      }
      // glusterd starts the brick and self-heal daemon of a started volume by itself.
      await pollUntil(
        async () => {
          await roundInside();
          return state.localBrickOnline();
        },
        {
          what: "this node's brick to be online again",
          intervalMs: 1_000,
          timeoutMs: deps.brickTimeoutMs ?? 150_000,
        },
      );
      return { renewed };
    });
}
