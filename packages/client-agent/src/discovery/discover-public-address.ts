import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { describeError } from '@gluster-asteroids/agent-runtime';
import { DnsError, type DnsErrorCode } from './dns-errors.js';
import { type QueryTxtOptions, queryTxt } from './query-txt.js';

/** Defaults of {@link discoverPublicAddress}: the seed's `dig -4 @ns1.google.com -t txt o-o.myaddr.l.google.com`. */
export const DISCOVERY_DEFAULTS = {
  /** Google's authoritative server answers o-o.myaddr with the address the query came from. */
  server: { host: 'ns1.google.com', port: 53 },
  /** The name whose TXT record is the asker's own address. */
  name: 'o-o.myaddr.l.google.com',
  /** `dig -4`: ask over IPv4, so the answer is the public IPv4 address. */
  family: 4,
  /** dig waits 5 s per try; an agent starting up should not wait that long for an optional value. */
  timeoutMs: 2_000,
  /** Three attempts in all, as dig's default `+tries=3`. */
  retries: 2,
} as const;

/** Resolves a host name to one address of the family; inject to test without a resolver. */
export type HostLookup = (host: string, family: 4 | 6) => Promise<string>;

const systemLookup: HostLookup = async (host, family) => (await lookup(host, { family })).address;

/** Options of {@link discoverPublicAddress}; every one has a default in DISCOVERY_DEFAULTS. */
export interface DiscoverPublicAddressOptions {
  /** The DNS server, by host name or address. */
  server?: { host: string; port: number };
  /** The name whose TXT record holds the public address. */
  name?: string;
  /** The address family to ask over, which is the family of the address discovered. */
  family?: 4 | 6;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /** Attempts after the first one times out. */
  retries?: number;
  /** Cancels discovery; it then rejects with GA_DNS_ABORTED. */
  signal?: AbortSignal;
  /** Resolves the server host name; node:dns lookup by default. */
  lookup?: HostLookup;
  /** Socket, clock and id source of the query, for tests. */
  query?: Pick<QueryTxtOptions, 'clock' | 'openSocket' | 'randomId'>;
}

/** What discovery found, or why it found nothing (the caller falls back to the page's own host). */
export type PublicAddressResult =
  | { address: string }
  | { address: undefined; reason: string; code: DnsErrorCode };

/**
 * Finds this host's public address by asking a DNS server who is asking, as the seed's client
 * did with dig. Network trouble is returned as a reason, never thrown: a missing public address
 * only means the browser client uses the page's own origin. Cancellation and bugs still throw.
 */
export async function discoverPublicAddress(
  options: DiscoverPublicAddressOptions = {},
): Promise<PublicAddressResult> {
  const server = options.server ?? DISCOVERY_DEFAULTS.server;
  const name = options.name ?? DISCOVERY_DEFAULTS.name;
  const family = options.family ?? DISCOVERY_DEFAULTS.family;
  let address = server.host;
  try {
    if (isIP(server.host) === 0) address = await resolveServer(server.host, family, options.lookup);
    const texts = await queryTxt({
      ...options.query,
      server: { host: address, port: server.port },
      name,
      timeoutMs: options.timeoutMs ?? DISCOVERY_DEFAULTS.timeoutMs,
      retries: options.retries ?? DISCOVERY_DEFAULTS.retries,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const found = texts.map((text) => text.trim()).find((text) => isIP(text) !== 0);
    if (found !== undefined) return { address: found };
    return {
      address: undefined,
      code: 'GA_DNS_NOT_AN_ADDRESS',
      reason:
        `The TXT answer for ${name} from ${server.host}:${server.port} holds no IP address ` +
        `(${texts.map((text) => JSON.stringify(text)).join(', ')}). Check the query name, or set the public host explicitly.`,
    };
  } catch (error) {
    // Cancellation, bad settings and bugs are not network trouble: the caller must see them.
    if (
      !(error instanceof DnsError) ||
      error.code === 'GA_DNS_ABORTED' ||
      error.code === 'GA_DNS_INVALID_QUERY'
    ) {
      throw error;
    }
    const resolved = address === server.host ? '' : ` (DNS server ${server.host} is ${address})`;
    return { address: undefined, code: error.code, reason: `${error.message}${resolved}` };
  }
}

async function resolveServer(
  host: string,
  family: 4 | 6,
  lookupHost: HostLookup = systemLookup,
): Promise<string> {
  try {
    return await lookupHost(host, family);
  } catch (error) {
    throw new DnsError(
      'GA_DNS_SERVER_UNRESOLVED',
      `Could not resolve DNS server ${host} to an IPv${family} address: ${describeError(error)}. ` +
        'Check the container resolver, or configure the server by address.',
      { cause: error },
    );
  }
}
