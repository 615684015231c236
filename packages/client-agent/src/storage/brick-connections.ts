import { join } from 'node:path';
import { type CommandRunner, runCommand } from '@gluster-asteroids/agent-runtime';

/** One brick of the mounted volume as the FUSE client sees it. */
export interface BrickConnection {
  /** The brick as gluster names it, `<host>:<path>` (the xlator's name when the path is unknown). */
  name: string;
  /** The server the client talks to for this brick (the xlator's `remote-host` option). */
  host: string;
  /** The client holds a live connection to the brick (`connected = 1` in the xlator's private). */
  connected: boolean;
  /** The protocol/client xlator, `<volume>-client-<N>`. */
  client: string;
}

/** The files read per protocol/client xlator, relative to its directory. */
const FILES = ['type', 'options/remote-host', 'options/remote-subvolume', 'private'] as const;

/**
 * A fixed script, the directory passed as its argument, never spliced into the text: one `grep`
 * prints every line of each `*-client-*` xlator's files prefixed with the file's path, so one
 * child reads them all. A child rather than fs reads in the agent: a hung FUSE client blocks its
 * readers, and in a child that blocks the child (ended by the timeout), not libuv's threads.
 * `exec`, so the timeout's kill reaches grep itself.
 */
const READ_SCRIPT = `cd "$1" && exec grep -H -s '' ${FILES.map((file) => `./*-client-*/${file}`).join(' ')}`;

/** Where the meta translator shows the client's live graph: one directory per xlator. */
export function activeGraphDir(mountPoint: string): string {
  return join(mountPoint, '.meta', 'graphs', 'active');
}

/**
 * Parses grep's `./<xlator>/<file>:<line>` output into the volume's bricks, in xlator order
 * (client-0 first). Lines it does not know are skipped, an xlator of another type or volume is
 * dropped, and a brick whose `connected` line is missing counts as not connected: this is a
 * debugging interface of gluster, not an API, and a wrong "connected" would let the install
 * write to one brick only.
 */
export function parseBrickConnections(output: string, volume: string): BrickConnection[] {
  const clientName = new RegExp(`^${volume.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-client-(\\d+)$`);
  const xlators = new Map<string, Map<string, string>>();
  for (const line of output.split('\n')) {
    const match = /^\.\/([^/]+)\/(type|options\/remote-host|options\/remote-subvolume|private):(.*)$/.exec(
      line,
    );
    if (!match) continue;
    const [, client = '', file = '', text = ''] = match;
    if (!clientName.test(client)) continue;
    const fields = xlators.get(client) ?? new Map<string, string>();
    xlators.set(client, fields);
    // The option files hold their value alone; the private dump is `key = value` lines. The first
    // value wins should a key repeat.
    const kv = file === 'private' ? /^\s*([\w.-]+)\s*=\s*(.*)$/.exec(text) : undefined;
    const key = kv ? `private.${kv[1]}` : file === 'private' ? undefined : file;
    if (key && !fields.has(key)) fields.set(key, (kv ? (kv[2] as string) : text).trim());
  }
  const index = (client: string): number => Number(clientName.exec(client)?.[1]);
  return [...xlators]
    .filter(([, fields]) => fields.get('type') === 'protocol/client')
    .sort(([a], [b]) => index(a) - index(b))
    .map(([client, fields]) => {
      const host = fields.get('options/remote-host') ?? '';
      const path = fields.get('options/remote-subvolume') ?? '';
      return {
        name: host && path ? `${host}:${path}` : client,
        host,
        connected: fields.get('private.connected') === '1',
        client,
      };
    });
}

/** Options of {@link readBrickConnections}. */
export interface ReadBrickConnectionsOptions {
  mountPoint: string;
  volume: string;
  /**
   * The read is killed after this long (a hung FUSE client). Default 2 s: the meta translator
   * answers from the client's memory in milliseconds, without a round trip to any server.
   */
  timeoutMs?: number;
  run?: CommandRunner;
  signal?: AbortSignal;
}

/**
 * Which bricks of the volume the mount's FUSE client is connected to, from the client's own view
 * (`<mount>/.meta/graphs/active/<volume>-client-N/`): the I/O path itself, not a probe of the
 * servers. Throws the runner's error when the read fails or times out; an empty list means the
 * graph shows no brick (not mounted, or not a glusterfs mount).
 */
export async function readBrickConnections(options: ReadBrickConnectionsOptions): Promise<BrickConnection[]> {
  const run = options.run ?? runCommand;
  const { stdout } = await run('sh', ['-c', READ_SCRIPT, 'sh', activeGraphDir(options.mountPoint)], {
    timeoutMs: options.timeoutMs ?? 2_000,
    // grep exits 2 when a file is missing (no xlator, not mounted) and 1 when all are empty: the
    // lines it did print are the answer either way.
    rejectOnExitCode: false,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return parseBrickConnections(stdout, options.volume);
}
