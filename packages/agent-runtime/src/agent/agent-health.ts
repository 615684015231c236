import { collectDefaultMetrics, Registry } from 'prom-client';
import { type HealthServerOptions, startHealthServer } from '../health/health-server.js';
import { registerSupervisorMetrics } from '../health/supervisor-metrics.js';
import { registerTlsMetrics } from '../health/tls-metrics.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { expiryWarning, type TlsStatus, tlsStatusAt } from '../tls/tls-status.js';

/** Options of {@link startAgentHealth}: the health server's, with the registry made here. */
export interface AgentHealthOptions extends Omit<HealthServerOptions, 'registry'> {
  supervisor: Supervisor;
  /** Registers the agent's own metrics next to the process and supervisor ones. */
  registerMetrics?: (registry: Registry) => void;
  /**
   * This container's TLS status: the ga_tls_* metrics, a `tls` field in /status (days left as of
   * the request) and a /readyz notice from 30 days before a certificate expires.
   */
  tls?: () => TlsStatus;
}

/** An agent's running health endpoints; closing one that is off does nothing. */
export interface AgentHealth {
  close(): Promise<void>;
}

/**
 * The health endpoints every agent serves: one registry with the process metrics, the
 * supervisor's programs and the agent's own, behind /healthz /readyz /status /metrics on
 * HEALTH_PORT. Port 0 means off (the server is not started).
 */
export async function startAgentHealth(options: AgentHealthOptions): Promise<AgentHealth> {
  const { supervisor, registerMetrics, tls, ...server } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerSupervisorMetrics(registry, supervisor);
  if (tls) registerTlsMetrics(registry, tls, () => new Date());
  registerMetrics?.(registry);
  if (server.port === 0) return { close: async () => undefined };
  if (!tls) return startHealthServer({ ...server, registry });
  const { status, notices } = server;
  const tlsNow = () => tlsStatusAt(tls(), new Date());
  return startHealthServer({
    ...server,
    registry,
    status: async () => ({ ...((await status()) as object), tls: tlsNow() }),
    notices: () => [...(notices?.() ?? []), ...[expiryWarning(tlsNow())].filter((w) => w !== undefined)],
  });
}
