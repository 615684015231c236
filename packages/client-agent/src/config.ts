import {
  absolutePath,
  commonEnvSpecs,
  flag,
  hostList,
  int,
  nonEmpty,
  ProblemList,
  parseEnv,
  secondsAsMs,
  str,
  type TlsSettings,
  tcpPort,
  tlsEnvSpecs,
} from '@gluster-asteroids/agent-runtime';
import { LOCAL_DOCUMENT_ROOT } from './game/release-paths.js';
import { gameCapacity } from './nginx/worker-connections.js';

/** Every variable of the client-agent; the seed's names are kept. */
export const clientAgentEnvSpecs = {
  ...commonEnvSpecs,
  ...tlsEnvSpecs,
  GLUSTER_PEER: hostList({
    desc: 'GlusterFS servers to mount from, in order of preference (comma-separated)',
    example: 'gluster01,gluster02',
  }),
  GLUSTER_VOL: nonEmpty({ default: 'ranchervol', desc: "volume name (the seed's)", example: 'ranchervol' }),
  GLUSTER_VOL_PATH: absolutePath({
    default: undefined,
    desc: 'where the volume is mounted; default /mnt/<GLUSTER_VOL>',
    example: '/mnt/ranchervol',
  }),
  HTTP_DOCUMENTROOT: absolutePath({
    // Unset: each image serves the game version it ships, from a release directory of its own
    // on the volume, so an upgrade reaches players and versions run side by side while it rolls.
    default: undefined,
    desc:
      'pins the game nginx serves to this directory (installed from GAME_REPO once if missing, never ' +
      'overwritten, so upgrades do not reach it); unset: <GLUSTER_VOL_PATH>/asteroids/releases/<commit>',
    example: '/mnt/ranchervol/asteroids/documentroot',
  }),
  HTTP_CLIENT_PORT: tcpPort({ default: 80, desc: 'port nginx serves the game on (seed)', example: '80' }),
  GAME_SERVER_PORT: tcpPort({
    default: 443,
    desc: 'second port nginx serves the game on (page, config.js, /ws), written into config.js with PUBLIC_HOST (seed)',
    example: '443',
  }),
  GAME_INTERNAL_PORT: tcpPort({
    // Below the ephemeral range and clear of the published and health ports. Only nginx (on
    // loopback) and the agent reach it: the game server listens on 127.0.0.1 alone.
    default: 8081,
    desc: 'port the game server listens on, on 127.0.0.1 only; nginx proxies /ws to it, the agent reads its /metrics',
    example: '8081',
  }),
  WS_CONNECTIONS_PER_ADDRESS: int(
    0,
    65535,
  )({
    // One full arena (GAME_ARENA_CAPACITY's default) from one address: a LAN party or a NAT works,
    // one host cannot take more than 1/64 of the game's default capacity. 0: no cap (behind a
    // proxy every player comes from its address).
    default: 32,
    desc: 'simultaneous /ws connections nginx accepts from one client address; more are refused with 429; 0: no cap',
    example: '32',
  }),
  GAME_REPO: nonEmpty({
    // The bundle shipped in the image as a git repository: no network needed to install.
    default: 'file:///opt/gluster-asteroids/game.git',
    desc: 'git repository of the game; its HEAD commit is the version installed and served',
    example: 'https://example.org/asteroids.git',
  }),
  GAME_RELEASES_KEEP: int(
    1,
    100,
  )({
    // Enough to roll back an upgrade or two without reinstalling; a release is ~1.5 MB.
    default: 3,
    desc: 'game releases kept on the volume by install time, besides those a running container serves',
    example: '3',
  }),
  PUBLIC_HOST: str({
    default: undefined,
    desc: 'host name or address players use to reach this container, written into config.js',
    example: 'game.example.org',
  }),
  PUBLIC_ADDRESS_DISCOVERY: flag({
    // Off: with HOST empty the page's own origin is used, which is right behind any proxy. On
    // asks a DNS server for this host's public address, as the seed did with dig.
    default: false,
    desc: 'discover the public address over DNS when PUBLIC_HOST is unset',
    example: '1',
  }),
  DISCOVERY_DNS_SERVER: nonEmpty({
    default: 'ns1.google.com',
    desc: 'DNS server for discovery',
    example: 'ns1.google.com',
  }),
  DISCOVERY_DNS_PORT: tcpPort({ default: 53, desc: 'its UDP port', example: '53' }),
  DISCOVERY_DNS_NAME: nonEmpty({
    default: 'o-o.myaddr.l.google.com',
    desc: 'TXT name whose answer is the asking host address',
    example: 'o-o.myaddr.l.google.com',
  }),
  DISCOVERY_TIMEOUT_S: secondsAsMs(
    0.1,
    30,
  )({ default: 2_000, desc: 'timeout per DNS attempt', example: '2' }),
  DISCOVERY_RETRIES: int(0, 10)({ default: 2, desc: 'DNS retries after a timeout', example: '2' }),
  MOUNT_TIMEOUT_S: secondsAsMs(
    1,
    3600,
  )({
    // `docker compose up` starts everything at once: the volume appears ~5-20 s after the servers.
    default: 300_000,
    desc: 'how long to wait for a live peer and the volume before giving up',
    example: '300',
  }),
  STORAGE_CHECK_INTERVAL_S: secondsAsMs(
    0.2,
    60,
  )({
    default: 2_000,
    desc: 'how often the watchdog checks the mount',
    example: '2',
  }),
  STORAGE_CHECK_TIMEOUT_S: secondsAsMs(
    0.2,
    60,
  )({
    // Longer than the stall network.ping-timeout (5 s) allows when one server hangs (~10 s
    // measured): gluster fails over by itself then. A shorter timeout turned that stall into 503s
    // and a remount from the hung server (its kernel still accepts TCP), measured ~25 s in the HA
    // suite (e2e/ha). A stopped or unreachable storage fails the check at once, whatever this is.
    default: 15_000,
    desc: 'a mount check slower than this counts as hung',
    example: '15',
  }),
  GLUSTER_BRICK_PORT: int(
    0,
    65535,
  )({
    // The gluster-server image pins every brick to 49152; connecting there directly skips the
    // portmapper question that made first starts wait 3 s (see mountArgs).
    default: 49152,
    desc: "the port the servers' bricks listen on; 0 asks each server's glusterd (servers that do not pin it)",
    example: '49152',
  }),
  STORAGE_BRICKS_WAIT_S: secondsAsMs(
    0,
    300,
  )({
    // At a first start the bricks come up ~1 s apart and the mount connects to each as it comes;
    // what is installed before the second connects lives on one brick until the self-heal daemon
    // copies it. 10 s covers a slow brick start; a server that does not answer is not waited for.
    default: 10_000,
    desc: 'how long to wait after mounting for every brick to connect before installing the game',
    example: '10',
  }),
};

/** The client-agent's configuration, validated and frozen. */
export interface ClientAgentConfig {
  logLevel: string;
  healthPort: number;
  peers: readonly string[];
  volumeName: string;
  mountPoint: string;
  /**
   * What nginx serves: HTTP_DOCUMENTROOT, or (unset) a link on this container's disk that the
   * installer points at this image's release on the volume.
   */
  documentRoot: string;
  /** HTTP_DOCUMENTROOT is set: the operator's docroot, installed once, never upgraded. */
  documentRootPinned: boolean;
  /** GAME_RELEASES_KEEP. */
  releasesKeep: number;
  httpPort: number;
  /** GAME_SERVER_PORT: the second port nginx serves the game on (the seed's game server port). */
  gameServerPort: number;
  /** GAME_INTERNAL_PORT: where the game server listens, on 127.0.0.1 only. */
  gameInternalPort: number;
  /** WS_CONNECTIONS_PER_ADDRESS; 0 is no cap. */
  wsConnectionsPerAddress: number;
  /** The most WebSockets the game server accepts (from its own variables), to size nginx. */
  gameCapacity: number;
  gameRepo: string;
  publicHost: string | undefined;
  discovery:
    | { enabled: false }
    | { enabled: true; server: string; port: number; name: string; timeoutMs: number; retries: number };
  mountTimeoutMs: number;
  storageCheckIntervalMs: number;
  storageCheckTimeoutMs: number;
  storageBricksWaitMs: number;
  /** The bricks' port, or undefined to ask glusterd's portmapper. */
  brickPort: number | undefined;
  /** GLUSTER_TLS, GLUSTER_TLS_CA_FILE: this container mounts with its own certificate from the stack CA. */
  tls: TlsSettings;
}

/** Reads and checks the configuration once; throws one ConfigError listing every problem. */
export function loadClientAgentConfig(env: NodeJS.ProcessEnv = process.env): ClientAgentConfig {
  const parsed = parseEnv(clientAgentEnvSpecs, env);
  const problems = new ProblemList();
  if (parsed.HTTP_CLIENT_PORT === parsed.GAME_SERVER_PORT) {
    problems.add({
      variable: 'GAME_SERVER_PORT',
      value: env.GAME_SERVER_PORT,
      message: `must differ from HTTP_CLIENT_PORT (${parsed.HTTP_CLIENT_PORT}): nginx and the game server both listen`,
      example: '443',
    });
  }
  if (
    [parsed.HTTP_CLIENT_PORT, parsed.GAME_SERVER_PORT, parsed.HEALTH_PORT].includes(parsed.GAME_INTERNAL_PORT)
  ) {
    problems.add({
      variable: 'GAME_INTERNAL_PORT',
      value: env.GAME_INTERNAL_PORT,
      message: 'must differ from HTTP_CLIENT_PORT, GAME_SERVER_PORT and HEALTH_PORT',
      example: '8081',
    });
  }
  if (
    parsed.HEALTH_PORT !== 0 &&
    [parsed.HTTP_CLIENT_PORT, parsed.GAME_SERVER_PORT].includes(parsed.HEALTH_PORT)
  ) {
    problems.add({
      variable: 'HEALTH_PORT',
      value: env.HEALTH_PORT,
      message: 'must differ from HTTP_CLIENT_PORT and GAME_SERVER_PORT',
      example: '8080',
    });
  }
  problems.throwIfAny();
  const mountPoint = parsed.GLUSTER_VOL_PATH ?? `/mnt/${parsed.GLUSTER_VOL}`;
  const discovery: ClientAgentConfig['discovery'] = parsed.PUBLIC_ADDRESS_DISCOVERY
    ? {
        enabled: true,
        server: parsed.DISCOVERY_DNS_SERVER,
        port: parsed.DISCOVERY_DNS_PORT,
        name: parsed.DISCOVERY_DNS_NAME,
        timeoutMs: parsed.DISCOVERY_TIMEOUT_S,
        retries: parsed.DISCOVERY_RETRIES,
      }
    : { enabled: false };
  return Object.freeze({
    logLevel: parsed.DEBUG ? 'debug' : parsed.LOG_LEVEL,
    healthPort: parsed.HEALTH_PORT,
    peers: parsed.GLUSTER_PEER,
    volumeName: parsed.GLUSTER_VOL,
    mountPoint,
    documentRoot: parsed.HTTP_DOCUMENTROOT ?? LOCAL_DOCUMENT_ROOT,
    documentRootPinned: parsed.HTTP_DOCUMENTROOT !== undefined,
    releasesKeep: parsed.GAME_RELEASES_KEEP,
    httpPort: parsed.HTTP_CLIENT_PORT,
    gameServerPort: parsed.GAME_SERVER_PORT,
    gameInternalPort: parsed.GAME_INTERNAL_PORT,
    wsConnectionsPerAddress: parsed.WS_CONNECTIONS_PER_ADDRESS,
    gameCapacity: gameCapacity(env),
    gameRepo: parsed.GAME_REPO,
    publicHost: parsed.PUBLIC_HOST?.trim() || undefined,
    discovery,
    mountTimeoutMs: parsed.MOUNT_TIMEOUT_S,
    storageCheckIntervalMs: parsed.STORAGE_CHECK_INTERVAL_S,
    storageCheckTimeoutMs: parsed.STORAGE_CHECK_TIMEOUT_S,
    storageBricksWaitMs: parsed.STORAGE_BRICKS_WAIT_S,
    brickPort: parsed.GLUSTER_BRICK_PORT === 0 ? undefined : parsed.GLUSTER_BRICK_PORT,
    tls: {
      mode: parsed.GLUSTER_TLS,
      caFile: parsed.GLUSTER_TLS_CA_FILE,
      caWaitMs: parsed.GLUSTER_TLS_CA_WAIT_S,
    },
  });
}
