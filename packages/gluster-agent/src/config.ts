import {
  absolutePath,
  commonEnvSpecs,
  EnvError,
  flag,
  hostList,
  int,
  makeValidator,
  nonEmpty,
  ProblemList,
  parseEnv,
  secondsAsMs,
  str,
  type TlsSettings,
  tlsEnvSpecs,
} from '@gluster-asteroids/agent-runtime';
import { validateDetailed } from 'node-cron';
import { detectThisNodeName, type NodeName, type NodeNameSource } from './identity/node-name.js';

/** A node-cron expression (5 fields, or 6 with seconds first). */
const cronSchedule = makeValidator<string>((input) => {
  const validation = validateDetailed(input.trim());
  if (!validation.valid) {
    const why = validation.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    throw new EnvError(`must be a cron expression such as "*/30 * * * * *" (${why})`);
  }
  return input.trim();
});

/**
 * `key=value` pairs separated by commas: extra or overriding gluster volume options. A comma
 * starts a new pair only where a `key=` follows, so a value may itself be a list
 * (`auth.allow=10.0.0.1,10.0.0.2`).
 */
const volumeOptions = makeValidator<Record<string, string>>((input) => {
  const options: Record<string, string> = {};
  for (const pair of input
    .split(/,(?=\s*[a-z0-9-]+\.[a-z0-9.-]+=)/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+\.[a-z0-9.-]+)=(\S+)$/.exec(pair);
    if (!match) throw new EnvError(`"${pair}" is not a gluster option in key=value form`);
    options[match[1] as string] = match[2] as string;
  }
  return options;
});

/**
 * Addresses allowed to mount with TLS off (gluster's auth.allow): IPv4 addresses, wildcards
 * such as `172.18.*` or host names, separated by commas.
 */
const authAllowList = makeValidator<string[]>((input) => {
  const entries = input.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !/^[A-Za-z0-9*]([A-Za-z0-9*.:/-]*[A-Za-z0-9*])?$/.test(entry));
  if (bad !== undefined)
    throw new EnvError(`"${bad}" is not an address, a wildcard such as 172.18.* or a host name`);
  return entries;
});

/** Every variable of the gluster-agent, with defaults and reasons. Seed names are kept. */
export const glusterAgentEnvSpecs = {
  ...commonEnvSpecs,
  ...tlsEnvSpecs,
  GLUSTER_AUTH_ALLOW: authAllowList({
    // No default: with TLS off, who may mount is the operator's explicit choice.
    default: undefined,
    desc: 'with GLUSTER_TLS=off, the client addresses allowed to mount (auth.allow): addresses, wildcards, comma-separated',
    example: '172.18.0.*,10.42.*',
  }),
  GLUSTER_PEER: hostList({
    default: undefined,
    desc: 'peers to join (comma-separated); unset: wait to be probed, as the seed did',
    example: 'gluster01',
  }),
  GLUSTER_VOL: nonEmpty({ default: 'ranchervol', desc: "volume name (the seed's)", example: 'ranchervol' }),
  GLUSTER_REPLICA: int(
    2,
    3,
  )({
    // 2 as in the seed; 3 (or 2 data + arbiter) is the split-brain-safe choice.
    default: 2,
    desc: 'bricks per replica set, counting the arbiter',
    example: '3',
  }),
  GLUSTER_ARBITER: flag({
    default: false,
    desc: 'with GLUSTER_REPLICA=3, make the third brick an arbiter (metadata only)',
    example: '1',
  }),
  GLUSTER_BRICK_PATH: absolutePath({
    default: '/gluster_volume',
    desc: 'directory holding the brick (the seed\'s volume); the brick is its "brick" subdirectory',
    example: '/gluster_volume',
  }),
  GLUSTER_NODE_ADDRESS: str({
    default: undefined,
    desc: "this node's name or address as peers reach it; default: RANCHER_IP, else the name DNS gives this container (its hostname or container name), else its address",
    example: 'gluster02',
  }),
  RANCHER_IP: str({
    default: undefined,
    desc: "set by Rancher's managed network as a.b.c.d/16",
    example: '10.42.0.7/16',
  }),
  GLUSTER_VOLUME_OPTIONS: volumeOptions({
    default: {},
    desc: 'volume options to set on top of the HA defaults',
    example: 'network.ping-timeout=10,performance.cache-size=64MB',
  }),
  GLUSTERD_READY_TIMEOUT_S: secondsAsMs(
    1,
    600,
  )({
    // glusterd answers in ~1.5 s here; a minute covers slow hosts without hiding a real failure.
    default: 60_000,
    desc: 'how long glusterd may take to answer the CLI',
    example: '60',
  }),
  GLUSTER_PEER_TIMEOUT_S: secondsAsMs(
    1,
    3600,
  )({
    // All nodes usually start together; peers that take minutes are down, and we say so.
    default: 180_000,
    desc: 'how long to wait for peers to answer and join before giving up',
    example: '300',
  }),
  GLUSTER_TLS_RENEW_DAYS: int(
    1,
    300,
  )({
    // A month: the renewal waits for the volume to be fully redundant before it restarts this
    // node's gluster processes, and a node that is down or healing for weeks still renews in time.
    default: 30,
    desc: "renew this server's certificate (a year's validity) in place once fewer days than this are left",
    example: '30',
  }),
  GLUSTER_MAINTENANCE: flag({
    // Off: the agent keeps the cluster as configured. On: it only observes and reports, from its
    // first round (`gluster-agent maintenance on` does the same on a running node).
    default: false,
    desc: 'maintenance from the start: the agent observes and reports but leaves peers and the volume alone',
    example: '1',
  }),
  GLUSTER_RECONCILE_SCHEDULE: cronSchedule({
    // Every 30 s: a dropped peer or dead brick is repaired within half a minute, and a round
    // (a few CLI calls of ~0.15 s) costs little.
    default: '*/30 * * * * *',
    desc: 'node-cron schedule of reconcile rounds (re-probe peers, restart a dead local brick, read heal counts)',
    example: '*/15 * * * * *',
  }),
};

/** The gluster-agent's configuration, validated and frozen. */
export interface GlusterAgentConfig {
  logLevel: string;
  healthPort: number;
  /** Peers as configured (names or addresses); DNS names are expanded when joining. */
  peers: readonly string[];
  /** This node's name (or address) as peers reach it. */
  self: string;
  /** Where `self` came from (see NodeNameSource). */
  selfSource: NodeNameSource;
  /** Set when `self` may change under the node (a container ID or address): logged at start. */
  selfWarning: string | undefined;
  volumeName: string;
  replica: number;
  arbiter: 0 | 1;
  /** The brick directory: GLUSTER_BRICK_PATH/brick. */
  brickPath: string;
  /** Directory holding the brick (GLUSTER_BRICK_PATH): a volume mount in the image. */
  brickRoot: string;
  extraVolumeOptions: Readonly<Record<string, string>>;
  glusterdReadyTimeoutMs: number;
  peerTimeoutMs: number;
  reconcileSchedule: string;
  /** GLUSTER_MAINTENANCE: leave the volume alone from the start. */
  maintenance: boolean;
  tls: TlsSettings;
  /** Renew the certificate in place once fewer days than this are left. */
  tlsRenewBeforeDays: number;
  /** With TLS off: the addresses allowed to mount (auth.allow). Empty with TLS on. */
  authAllow: readonly string[];
}

/**
 * This node's name: GLUSTER_NODE_ADDRESS, else RANCHER_IP without its "/16" (Rancher's managed
 * network sets it that way, and keeps it for the container's life), else what DNS names this
 * container (see detectNodeName).
 */
async function selfName(
  env: { GLUSTER_NODE_ADDRESS: string | undefined; RANCHER_IP: string | undefined },
  problems: ProblemList,
  detect: () => Promise<NodeName | undefined>,
): Promise<NodeName> {
  if (env.GLUSTER_NODE_ADDRESS)
    return { name: env.GLUSTER_NODE_ADDRESS.trim(), source: 'GLUSTER_NODE_ADDRESS' };
  if (env.RANCHER_IP) {
    const address = env.RANCHER_IP.trim().split('/')[0] ?? '';
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return { name: address, source: 'RANCHER_IP' };
    problems.add({
      variable: 'RANCHER_IP',
      value: env.RANCHER_IP,
      message: 'must be an IPv4 address, optionally with a /prefix as Rancher sets it',
      example: '10.42.0.7/16',
    });
    return { name: '', source: 'RANCHER_IP' };
  }
  const detected = await detect();
  if (detected) return detected;
  problems.add({
    variable: 'GLUSTER_NODE_ADDRESS',
    value: undefined,
    message: 'is required: this container has no name in DNS and no IPv4 address to use',
    example: 'gluster01',
  });
  return { name: '', source: 'address' };
}

/**
 * Reads and checks the whole configuration once at start-up; throws one ConfigError listing
 * every problem (single variables first, then how they fit together).
 */
export async function loadGlusterAgentConfig(
  env: NodeJS.ProcessEnv = process.env,
  detectName: () => Promise<NodeName | undefined> = detectThisNodeName,
): Promise<GlusterAgentConfig> {
  const parsed = parseEnv(glusterAgentEnvSpecs, env);
  const problems = new ProblemList();
  const named = await selfName(parsed, problems, detectName);
  const self = named.name;
  const peers = (parsed.GLUSTER_PEER ?? []).filter((peer) => peer.toLowerCase() !== self.toLowerCase());
  if (parsed.GLUSTER_ARBITER && parsed.GLUSTER_REPLICA !== 3) {
    problems.add({
      variable: 'GLUSTER_ARBITER',
      value: env.GLUSTER_ARBITER,
      message: `needs GLUSTER_REPLICA=3 (two data bricks and the arbiter), but GLUSTER_REPLICA is ${parsed.GLUSTER_REPLICA}`,
      example: '1 with GLUSTER_REPLICA=3',
    });
  }
  // Without GLUSTER_PEER the node waits to be probed and never creates the volume itself.
  const nodes = peers.length + 1;
  if (peers.length > 0 && nodes % parsed.GLUSTER_REPLICA !== 0) {
    problems.add({
      variable: 'GLUSTER_PEER',
      value: env.GLUSTER_PEER,
      message:
        `lists ${peers.length} peer(s), so the volume would have ${nodes} bricks (one per node, this one included), ` +
        `which is not a multiple of GLUSTER_REPLICA=${parsed.GLUSTER_REPLICA}; list ${parsed.GLUSTER_REPLICA - 1} ` +
        'peer(s) per replica set, or change GLUSTER_REPLICA',
      example: parsed.GLUSTER_REPLICA === 3 ? 'gluster01,gluster02' : 'gluster01',
    });
  }
  if (parsed.GLUSTER_TLS === 'off' && !parsed.GLUSTER_AUTH_ALLOW) {
    problems.add({
      variable: 'GLUSTER_AUTH_ALLOW',
      value: env.GLUSTER_AUTH_ALLOW,
      message:
        'is required with GLUSTER_TLS=off: without TLS, only these client addresses may mount the volume. ' +
        'List the addresses (or wildcards) of the containers that mount it, or turn TLS back on',
      example: '172.18.0.*',
    });
  }
  problems.throwIfAny();
  return Object.freeze({
    logLevel: parsed.DEBUG ? 'debug' : parsed.LOG_LEVEL,
    healthPort: parsed.HEALTH_PORT,
    peers,
    self,
    selfSource: named.source,
    selfWarning: named.warning,
    volumeName: parsed.GLUSTER_VOL,
    replica: parsed.GLUSTER_REPLICA,
    arbiter: parsed.GLUSTER_ARBITER ? 1 : 0,
    brickRoot: parsed.GLUSTER_BRICK_PATH,
    brickPath: `${parsed.GLUSTER_BRICK_PATH === '/' ? '' : parsed.GLUSTER_BRICK_PATH}/brick`,
    extraVolumeOptions: parsed.GLUSTER_VOLUME_OPTIONS,
    glusterdReadyTimeoutMs: parsed.GLUSTERD_READY_TIMEOUT_S,
    peerTimeoutMs: parsed.GLUSTER_PEER_TIMEOUT_S,
    reconcileSchedule: parsed.GLUSTER_RECONCILE_SCHEDULE,
    maintenance: parsed.GLUSTER_MAINTENANCE,
    tls: {
      mode: parsed.GLUSTER_TLS,
      caFile: parsed.GLUSTER_TLS_CA_FILE,
      caWaitMs: parsed.GLUSTER_TLS_CA_WAIT_S,
    },
    tlsRenewBeforeDays: parsed.GLUSTER_TLS_RENEW_DAYS,
    authAllow: parsed.GLUSTER_TLS === 'off' ? (parsed.GLUSTER_AUTH_ALLOW ?? []) : [],
  });
}
