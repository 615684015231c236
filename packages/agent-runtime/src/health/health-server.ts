import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** The result of one named check. */
export interface CheckResult {
  ok: boolean;
  /** Why it is not ok, or a useful fact when it is ("2 of 2 bricks online"). */
  detail?: string;
}

/** Named checks; a probe passes when all of them pass. */
export type HealthChecks = Record<string, () => CheckResult | Promise<CheckResult>>;

/** Options of {@link startHealthServer}. */
export interface HealthServerOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Listen address. Default all interfaces, so orchestrators and Docker healthchecks reach it. */
  host?: string;
  logger: Logger;
  /** /healthz: the agent and its main daemon answer. Failing means "restart me". */
  liveness: HealthChecks;
  /** /readyz: ready for traffic. Failing means "don't send me work", not "restart me". */
  readiness: HealthChecks;
  /**
   * Sentences an operator should read even while the probes pass ("not redundant: brick
   * gluster02:/gluster_volume/brick is not connected"): included in the /readyz body as
   * `notices`, whatever its status, and so in `docker inspect`'s health log through `healthcheck`.
   * Read on every request, like the checks; return [] when there is nothing to say.
   */
  notices?: () => readonly string[];
  /** /status: a JSON document with the detail behind the probes. */
  status: () => unknown | Promise<unknown>;
  /** /metrics: Prometheus text exposition of this registry. */
  registry: Registry;
}

export interface HealthServer {
  /** The port actually bound. */
  readonly port: number;
  close(): Promise<void>;
}

async function runChecks(
  checks: HealthChecks,
): Promise<{ ok: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      try {
        return [name, await check()];
      } catch (error) {
        return [name, { ok: false, detail: error instanceof Error ? error.message : String(error) }];
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ok: entries.every(([, result]) => result.ok), checks: results };
}

/** The current notices; a source that throws says so instead of failing the probe. */
function readNotices(notices: () => readonly string[]): string[] {
  try {
    return notices().filter((notice) => typeof notice === 'string' && notice !== '');
  } catch (error) {
    return [`notices unavailable: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function buildServer(options: HealthServerOptions): FastifyInstance {
  // No request logs: probes arrive every few seconds and would drown what matters.
  const app = Fastify({ logger: false });
  const probe =
    (checks: HealthChecks, notices?: () => readonly string[]) =>
    async (_request: unknown, reply: import('fastify').FastifyReply) => {
      const result = await runChecks(checks);
      return reply.code(result.ok ? 200 : 503).send({
        status: result.ok ? 'ok' : 'failing',
        checks: result.checks,
        ...(notices ? { notices: readNotices(notices) } : {}),
      });
    };
  app.get('/healthz', probe(options.liveness));
  app.get('/readyz', probe(options.readiness, options.notices));
  app.get('/status', async () => options.status());
  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });
  return app;
}

/**
 * Serves the agent's probes and metrics over HTTP (fastify). Checks are functions that read the
 * agent's live state, so the endpoints never keep a copy that could go stale.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const app = buildServer(options);
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info(
    { port },
    `health server listening on port ${port} (/healthz /readyz /status /metrics)`,
  );
  return { port, close: () => app.close() };
}
