import { Socket } from 'node:net';
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

/** TCP connect to host:port within the timeout. */
export function canConnect(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: { ok: boolean; error?: string }): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: `no answer within ${timeoutMs} ms` }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, error: error.code ?? error.message }),
    );
    socket.connect(port, host);
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
