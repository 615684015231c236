import { isIPv4, isIPv6 } from 'node:net';
import { writeFileAtomically } from '@gluster-asteroids/agent-runtime';
import { ClientConfigError } from './client-config-errors.js';

/** Where the browser client connects: empty host and port 0 mean "the page's own origin, path /ws". */
export interface ClientEndpoint {
  /** A host name, an IPv4 address, a bracketed IPv6 address, or '' for the page's own host. */
  host: string;
  /** The game server's public port, or 0 for the page's own port (nginx proxies /ws). */
  port: number;
}

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isHostName(value: string): boolean {
  if (value.length > 253 || /^[\d.]+$/.test(value)) return false;
  return value.split('.').every((label) => LABEL.test(label));
}

/** Whether `host` may be written into config.js (and so be put in a browser URL). */
export function isClientHost(host: string): boolean {
  if (host === '' || isIPv4(host) || isHostName(host)) return true;
  return host.startsWith('[') && host.endsWith(']') && isIPv6(host.slice(1, -1));
}

/** An address as config.js wants it: IPv6 bracketed, as in a URL; others unchanged. */
export function clientHostFromAddress(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}

/**
 * The browser client's config.js for this container, in the seed's shape (`var HOST = '...';`,
 * `var PORT = ...;`) that game.js reads. Values are validated rather than escaped: only characters
 * of host names and addresses can reach the quotes. Throws GA_CLIENT_CONFIG_INVALID naming
 * PUBLIC_HOST or PUBLIC_PORT.
 */
export function renderConfigJs(endpoint: ClientEndpoint): string {
  const { host, port } = endpoint;
  if (typeof host !== 'string' || !isClientHost(host)) {
    throw new ClientConfigError(
      'PUBLIC_HOST',
      `PUBLIC_HOST must be a host name, an IPv4 address, a bracketed IPv6 address ([2001:db8::1]) or empty, got ` +
        `${JSON.stringify(host)}. Fix PUBLIC_HOST, or leave it empty to use the page's own host.`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ClientConfigError(
      'PUBLIC_PORT',
      `PUBLIC_PORT must be a port from 0 to 65535 (0: the page's own port), got ${JSON.stringify(port)}. Fix PUBLIC_PORT.`,
    );
  }
  return `// Written by the client-agent for this container: where the browser finds the game server.
// An empty HOST and PORT 0 mean "the page's own origin, path /ws" (nginx proxies it).
var HOST = '${host}';
var PORT = ${port};
`;
}

/** Replaces config.js so a browser fetching it meanwhile gets the old or the new file, never half. */
export async function writeConfigJsAtomically(path: string, content: string): Promise<void> {
  await writeFileAtomically(path, content);
}
