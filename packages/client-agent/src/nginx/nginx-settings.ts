import { isIPv4, isIPv6 } from 'node:net';
import { NginxError } from './nginx-errors.js';
import { GAME_MAX_CONNECTIONS_DEFAULT } from './worker-connections.js';

/** What the rendered nginx.conf depends on. Optional fields have defaults in NGINX_DEFAULTS. */
export interface NginxSettingsInput {
  /** The port nginx listens on for the browser (the seed's HTTP_CLIENT_PORT). */
  httpPort: number;
  /** The game directory on the volume; files are served from `<docroot>/client`. */
  docroot: string;
  /** A local, writable directory for the pid file, temp files, config.js and the 503 page. */
  runDir: string;
  /** The port the game server listens on, on 127.0.0.1; nginx proxies /ws to it. */
  gameServerPort: number;
  /**
   * A second port nginx serves the same game on (page, config.js, /ws): the seed's game server
   * port (GAME_SERVER_PORT), so no published port reaches the game server directly.
   */
  publicGamePort?: number | undefined;
  /** /ws connections at once from one client address (limit_conn); 0 is no cap. */
  wsConnectionsPerAddress?: number;
  /** The most WebSockets the game server accepts: worker_connections is sized from it. */
  gameCapacity?: number;
  /** The address to listen on: an IPv4 address or a bracketed IPv6 one. Empty means every IPv4 interface. */
  listenAddress?: string;
  /** The user worker processes run as when nginx starts as root; undefined writes no `user` directive. */
  user?: string | undefined;
  /** Where access log lines go: the container's stdout, or nowhere. */
  accessLog?: 'stdout' | 'off';
}

/** Settings after validation, with every default applied. */
export type NginxSettings = Readonly<
  Required<Omit<NginxSettingsInput, 'user' | 'publicGamePort'>> & {
    user: string | undefined;
    publicGamePort: number | undefined;
  }
>;

/** Defaults of the optional settings. */
export const NGINX_DEFAULTS = {
  /** Every IPv4 interface, as the seed's `listen 80`. */
  listenAddress: '',
  /** Debian's unprivileged web user: workers never run as root. */
  user: 'www-data',
  /** Access lines on stdout, where `docker logs` shows them. */
  accessLog: 'stdout',
  /** WS_CONNECTIONS_PER_ADDRESS's default: one full arena from one address. */
  wsConnectionsPerAddress: 32,
  /** The game server's default GAME_MAX_CONNECTIONS. */
  gameCapacity: GAME_MAX_CONNECTIONS_DEFAULT,
} as const;

// Characters that end or escape a token in nginx.conf, start a comment or a variable.
const UNSAFE = /[\s;{}'"$#\\]/;

function fail(setting: string, value: unknown, rule: string): never {
  throw new NginxError(
    'GA_NGINX_SETTING_INVALID',
    `The nginx setting \`${setting}\` ${rule}, got \`${String(value)}\`. Fix ${setting} in the agent configuration.`,
    { setting },
  );
}

function port(setting: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    fail(setting, value, 'must be a port from 1 to 65535');
  return value;
}

function count(setting: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > 1_000_000)
    fail(setting, value, `must be a whole number from ${min} to 1000000`);
  return value;
}

function path(setting: string, value: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) fail(setting, value, 'must be an absolute path');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is rejected
  if (UNSAFE.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
    fail(setting, value, 'must not contain white space, quotes, `;`, `{`, `}`, `$`, `#` or `\\`');
  }
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

function listenAddress(value: string): string {
  if (value === '') return value;
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : undefined;
  if (isIPv4(value) || (inner !== undefined && isIPv6(inner))) return value;
  return fail('listenAddress', value, 'must be an IPv4 address, a bracketed IPv6 address or empty');
}

function user(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) fail('user', value, 'must be a system user name');
  return value;
}

/**
 * Checks every setting that ends up in nginx.conf, so no value can change the configuration's
 * syntax (a `;` in a path would end the directive), and applies the defaults. Throws
 * GA_NGINX_SETTING_INVALID naming the first bad setting.
 */
export function validateNginxSettings(input: NginxSettingsInput): NginxSettings {
  const settings = {
    httpPort: port('httpPort', input.httpPort),
    gameServerPort: port('gameServerPort', input.gameServerPort),
    docroot: path('docroot', input.docroot),
    runDir: path('runDir', input.runDir),
    listenAddress: listenAddress(input.listenAddress ?? NGINX_DEFAULTS.listenAddress),
    user: user('user' in input ? input.user : NGINX_DEFAULTS.user),
    accessLog: input.accessLog ?? NGINX_DEFAULTS.accessLog,
    publicGamePort:
      input.publicGamePort === undefined ? undefined : port('publicGamePort', input.publicGamePort),
    wsConnectionsPerAddress: count(
      'wsConnectionsPerAddress',
      input.wsConnectionsPerAddress ?? NGINX_DEFAULTS.wsConnectionsPerAddress,
      0,
    ),
    gameCapacity: count('gameCapacity', input.gameCapacity ?? NGINX_DEFAULTS.gameCapacity, 1),
  };
  if (settings.accessLog !== 'stdout' && settings.accessLog !== 'off') {
    fail('accessLog', settings.accessLog, 'must be `stdout` or `off`');
  }
  if (settings.gameServerPort === settings.httpPort) {
    fail(
      'gameServerPort',
      settings.gameServerPort,
      'must differ from httpPort (nginx would proxy to itself)',
    );
  }
  if (
    settings.publicGamePort !== undefined &&
    [settings.httpPort, settings.gameServerPort].includes(settings.publicGamePort)
  ) {
    fail(
      'publicGamePort',
      settings.publicGamePort,
      'must differ from httpPort and gameServerPort (nginx would listen twice or proxy to itself)',
    );
  }
  return Object.freeze(settings);
}
