import { readFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { GLUSTER_TLS_PATHS, type GlusterTlsPaths } from '@gluster-asteroids/agent-runtime';
import ping from 'ping';

/** glusterd's management port: a live peer accepts TCP here. */
export const GLUSTERD_PORT = 24007;

/** What probing one peer found. */
export interface PeerProbe {
  host: string;
  /** Answered ICMP echo (the seed's only check). */
  pingable: boolean;
  /** glusterd accepted a TCP connection: the peer can serve a volfile. */
  glusterdReachable: boolean;
  /** One line for logs and the give-up message. */
  detail: string;
}

export interface ProbeOptions {
  /** Per-check timeout; the checks of all peers run in parallel. */
  timeoutMs: number;
  port?: number;
}

/**
 * How the probes speak to gluster's ports: plain TCP, or a TLS handshake with this container's
 * own certificate. A plain connection that closes to a TLS port makes glusterd log an error
 * ("SSL routines::unexpected eof while reading") for every probe; a handshake is what a mount
 * does first, so it also tells a server that would refuse this container's certificate.
 */
export type ProbeTransport = { kind: 'plain' } | { kind: 'tls'; cert: string; key: string; ca: string };

let containerTransport: Promise<ProbeTransport> | undefined;

/** How long a TLS handshake may take once the server accepted the connection. */
const HANDSHAKE_TIMEOUT_MS = 3_000;

/**
 * This container's transport, read once: TLS exactly when its own gluster client uses it (the
 * secure-access file exists; prepareGlusterTls installed it with the key and certificate before
 * any probe), else plain.
 */
export function glusterProbeTransport(paths: GlusterTlsPaths = GLUSTER_TLS_PATHS): Promise<ProbeTransport> {
  containerTransport ??= (async (): Promise<ProbeTransport> => {
    try {
      await readFile(paths.secureAccess);
    } catch {
      return { kind: 'plain' };
    }
    const [cert, key, ca] = await Promise.all(
      [paths.certificate, paths.privateKey, paths.caList].map((file) => readFile(file, 'utf8')),
    );
    return { kind: 'tls', cert: cert as string, key: key as string, ca: ca as string };
  })();
  return containerTransport;
}

/**
 * Connects to host:port within the timeout, with a TLS handshake on a TLS transport (the
 * container's own by default), and closes the connection at once.
 */
export async function canConnect(
  host: string,
  port: number,
  timeoutMs: number,
  transport?: ProbeTransport,
): Promise<{ ok: boolean; error?: string }> {
  const using = transport ?? (await glusterProbeTransport());
  return new Promise((resolve) => {
    const socket =
      using.kind === 'tls'
        ? tlsConnect({
            host,
            port,
            cert: using.cert,
            key: using.key,
            ca: using.ca,
            // The stack CA is the only issuer trusted; a server's CN is its node name, which
            // need not be the name it is reached by here.
            checkServerIdentity: () => undefined,
            // In TLS 1.3 the client's handshake ends before the server has checked the client's
            // certificate; in 1.2 it ends only once the server accepted it, so a refusal shows.
            maxVersion: 'TLSv1.2',
          })
        : new Socket().connect(port, host);
    let settled = false;
    const done = (result: { ok: boolean; error?: string }): void => {
      if (settled) return;
      settled = true;
      // A handshake ends with close_notify (end), so the server sees a clean close, not an error.
      if (result.ok && using.kind === 'tls') {
        socket.end();
        setTimeout(() => socket.destroy(), timeoutMs).unref();
      } else socket.destroy();
      resolve(result);
    };
    // `timeoutMs` is for the host to answer. Once it has (TCP connected), the handshake gets its own
    // time: cut short, it is the very "unexpected eof" this probe must not make glusterd log, and on
    // a busy host it can take longer than a quick look's 250 ms.
    let handshaking = false;
    socket.setTimeout(timeoutMs);
    socket.on('timeout', () =>
      done({
        ok: false,
        error: handshaking
          ? `TLS: no handshake within ${HANDSHAKE_TIMEOUT_MS} ms`
          : `no answer within ${timeoutMs} ms`,
      }),
    );
    if (using.kind === 'tls')
      socket.once('connect', () => {
        handshaking = true;
        socket.setTimeout(HANDSHAKE_TIMEOUT_MS);
      });
    socket.once(using.kind === 'tls' ? 'secureConnect' : 'connect', () => done({ ok: true }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        ok: false,
        // A system call's error is its code (ECONNREFUSED); a handshake's, its reason.
        error: error.syscall ? (error.code ?? error.message) : `TLS: ${error.message}`,
      }),
    );
  });
}

async function pingOnce(host: string, timeoutMs: number): Promise<boolean> {
  try {
    // One packet with a short deadline: the seed's `ping -c 10` cost 10 s per dead peer.
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const result = await ping.promise.probe(host, { timeout: seconds, deadline: seconds, min_reply: 1 });
    return result.alive;
  } catch {
    return false;
  }
}

/**
 * Probes every peer in parallel: an ICMP ping (the `ping` package, as the seed pinged) and a TCP
 * check of glusterd's port, which is what mounting needs. Keeps the configured order.
 */
export async function probePeers(peers: readonly string[], options: ProbeOptions): Promise<PeerProbe[]> {
  const port = options.port ?? GLUSTERD_PORT;
  return Promise.all(
    peers.map(async (host): Promise<PeerProbe> => {
      const [pingable, tcp] = await Promise.all([
        pingOnce(host, options.timeoutMs),
        canConnect(host, port, options.timeoutMs),
      ]);
      const detail = tcp.ok
        ? `glusterd answers on ${host}:${port}${pingable ? '' : ' (ICMP blocked)'}`
        : `glusterd on ${host}:${port} unreachable (${tcp.error})${pingable ? ', host answers ping' : ', no ping reply'}`;
      return { host, pingable, glusterdReachable: tcp.ok, detail };
    }),
  );
}

/** The peers to mount from: reachable ones in configured order, the first being the server. */
export function mountOrder(probes: readonly PeerProbe[]): string[] {
  return probes.filter((probe) => probe.glusterdReachable).map((probe) => probe.host);
}
