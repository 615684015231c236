import { X509Certificate } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { pollUntil } from '../../deadline.js';
import { dockerSignal } from '../../docker-state.js';
import { waitBricksConnected } from '../../fuse-client.js';
import { httpGet } from '../../http-probe.js';
import type { ScoreRecord } from '../../probes/score-writer.js';
import { type HaStack, SERVERS, type ServerAlias } from '../ha-stack.js';
import { type Observed, observe } from '../observe.js';
import { waitWhole } from '../server-faults.js';

/** The brick port the server image pins (GLUSTER_BRICK_PORT's default). */
const BRICK_PORT = 49152;
/**
 * SIGHUP -> renewed (glusterd, brick and self-heal daemon restarted, brick online). Seconds
 * usually; up to ~70 s when the pinned brick port waits out TIME_WAIT (renew-in-place.ts).
 */
const RENEWED_WITHIN_MS = 240_000;

/** The part of a server agent's /status.tls this scenario reads. */
interface ServerTls {
  fingerprint: string;
  notAfter: string;
  renewal: { state: string; lastRenewedAt?: string; lastError?: string };
}

/** One server's rotation. */
export interface ServerRotation {
  alias: ServerAlias;
  before: string;
  after: string;
  /** The fingerprint of the certificate the brick presents in a TLS handshake afterwards. */
  brickPresents: string;
  /** SIGHUP -> /status shows the new certificate, renewal idle again. */
  renewedMs: number;
  /** Renewed -> the stack whole again (clients on both bricks, heal pending 0). */
  wholeMs: number;
}

/** What the rotation measured. */
export interface RotationOutcome {
  servers: ServerRotation[];
}

async function serverTls(stack: HaStack, alias: ServerAlias): Promise<ServerTls> {
  const answer = await httpGet(await stack.serverHealthUrl(alias, '/status'));
  return (JSON.parse(answer.body) as { tls: ServerTls }).tls;
}

/**
 * The fingerprint of the certificate `alias`'s brick presents, from a TLS handshake made in the
 * writer's FUSE client container with its own member certificate (gluster's own files there).
 */
async function brickCertificate(stack: HaStack, alias: ServerAlias): Promise<string> {
  const result = await stack.writerClient.exec([
    'openssl',
    's_client',
    '-connect',
    `${alias}:${BRICK_PORT}`,
    '-cert',
    '/etc/ssl/glusterfs.pem',
    '-key',
    '/etc/ssl/glusterfs.key',
    '-CAfile',
    '/etc/ssl/glusterfs.ca',
    '-verify_return_error',
  ]);
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(result.stdout)?.[0];
  if (!pem) throw new Error(`no certificate from ${alias}:${BRICK_PORT}: ${result.output.slice(-400)}`);
  return new X509Certificate(pem).fingerprint256;
}

/**
 * Rotates the certificate of every server, one at a time, the way docs/operations.md says:
 * `docker kill -s HUP <server>`, then wait until it is renewed and the stack is whole again
 * before the next. Each agent issues itself a new certificate and restarts its gluster
 * processes while the other brick serves. Measured by the probes (0 failed requests expected).
 */
export async function rotateCertificates(
  stack: HaStack,
  ledger: ScoreRecord[],
): Promise<Observed<RotationOutcome>> {
  await Promise.all(
    [stack.asteroids.container, stack.writerClient].map((client) =>
      waitBricksConnected(client, SERVERS, 30_000),
    ),
  );
  return observe(stack, ledger, async () => {
    await delay(1_000);
    const servers: ServerRotation[] = [];
    for (const alias of SERVERS) {
      const before = await serverTls(stack, alias);
      const signalled = performance.now();
      await dockerSignal(stack.serverId(alias), 'SIGHUP');
      const after = await pollUntil(
        async () => {
          const tls = await serverTls(stack, alias).catch(() => undefined);
          return tls && tls.fingerprint !== before.fingerprint && tls.renewal.state === 'idle'
            ? tls
            : undefined;
        },
        { timeoutMs: RENEWED_WITHIN_MS, intervalMs: 500, description: `${alias} to renew its certificate` },
      );
      const renewedMs = performance.now() - signalled;
      const wholeMs = await waitWhole(stack, 120_000);
      servers.push({
        alias,
        before: before.fingerprint,
        after: after.fingerprint,
        brickPresents: await brickCertificate(stack, alias),
        renewedMs,
        wholeMs,
      });
    }
    return { servers };
  });
}
