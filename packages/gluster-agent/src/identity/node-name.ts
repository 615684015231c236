import { Resolver } from 'node:dns/promises';
import { hostname, networkInterfaces } from 'node:os';

/** Where this node's name came from, most stable first. */
export type NodeNameSource =
  /** GLUSTER_NODE_ADDRESS, as the operator set it. */
  | 'GLUSTER_NODE_ADDRESS'
  /** RANCHER_IP: Rancher 1's managed network keeps a container's address for its whole life. */
  | 'RANCHER_IP'
  /** The container's hostname (compose `hostname:`, `docker run --hostname`, a pod's name). */
  | 'hostname'
  /** The name Docker's (or the cluster's) DNS gives this container's address: its container name. */
  | 'dns-name'
  /** The default hostname, the container ID: survives restarts, not recreation. */
  | 'container-id'
  /** Nothing resolves: the container's address, which Docker may change on every start. */
  | 'address';

/** This node's name as its peers reach it, and a warning when that name may not last. */
export interface NodeName {
  name: string;
  source: NodeNameSource;
  warning?: string;
}

/** DNS only (never /etc/hosts, which every container fills with its own hostname). */
export interface NameResolver {
  /** IPv4 addresses of `name`; [] when DNS does not know it. */
  addressesOf(name: string): Promise<string[]>;
  /** Names DNS gives `address` (PTR); [] when none. */
  namesOf(address: string): Promise<string[]>;
}

/** What detection reads from the container. */
export interface NodeNameSources {
  hostname: string;
  /** The container's non-loopback IPv4 addresses. */
  addresses: readonly string[];
  dns: NameResolver;
}

/** Docker's default hostname: the first 12 hex digits of the container ID. */
const CONTAINER_ID = /^[0-9a-f]{12}$/;

/**
 * Names this node the way its peers will reach it for its whole life: a name that DNS resolves
 * to one of this container's addresses, preferring the hostname an operator chose, then the
 * container's name (what Docker's DNS answers for its address), then the container ID; only when
 * DNS knows none of them, its address. Bricks and peers are recorded under this name, so a
 * container address, which Docker changes on start, is the last resort and comes with a warning.
 */
export async function detectNodeName(sources: NodeNameSources): Promise<NodeName | undefined> {
  const { dns, addresses } = sources;
  const own = new Set(addresses);
  const reachesMe = async (name: string): Promise<boolean> =>
    (await dns.addressesOf(name)).some((address) => own.has(address));
  const host = sources.hostname.trim().toLowerCase();
  const byId = CONTAINER_ID.test(host);
  if (host && !byId && (await reachesMe(host))) return { name: host, source: 'hostname' };
  for (const address of addresses) {
    for (const full of await dns.namesOf(address)) {
      const name = full.replace(/\.$/, '').toLowerCase();
      // Docker answers "<container>.<network>"; the bare container name resolves too, and is the
      // one that stays the same when the container joins another network.
      const label = name.split('.')[0] ?? '';
      for (const candidate of label === name ? [name] : [label, name]) {
        if (candidate && (await reachesMe(candidate))) return { name: candidate, source: 'dns-name' };
      }
    }
  }
  if (host && byId && (await reachesMe(host))) {
    return {
      name: host,
      source: 'container-id',
      warning:
        `This node is named after its container ID (${host}), the only name DNS gives it: bricks and peers ` +
        'recorded under it are lost when the container is recreated. Give the container a name on a ' +
        'user-defined network (docker run --name gluster01 --network NET), a --hostname, or set GLUSTER_NODE_ADDRESS.',
    };
  }
  const [address] = addresses;
  if (!address) return undefined;
  return {
    name: address,
    source: 'address',
    warning:
      `No DNS name resolves to this container, so it is named by its address ${address}. Docker may give it ` +
      'another address when it starts again, and the brick recorded under this one would be lost to the volume. ' +
      'Run the storage containers on a user-defined network with a name each (docker run --name gluster01 ' +
      '--network NET), or set GLUSTER_NODE_ADDRESS to a name or address that stays the same.',
  };
}

/** The container's non-internal IPv4 addresses: what peers on its networks reach. */
export function containerAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}

/**
 * Asks the container's DNS servers (resolv.conf: Docker's embedded DNS on user-defined networks),
 * briefly: a name that does not answer within a second is not one peers can rely on.
 */
export function systemNameResolver(): NameResolver {
  const resolver = new Resolver({ timeout: 1_000, tries: 2 });
  const orNone = <T>(promise: Promise<T[]>): Promise<T[]> => promise.catch(() => []);
  return {
    addressesOf: (name) => orNone(resolver.resolve4(name)),
    // A PTR query of its own: `reverse()` answered [] here (c-ares reads /etc/hosts for it first)
    // where Docker's DNS answers the container name.
    namesOf: (address) =>
      orNone(resolver.resolvePtr(`${address.split('.').reverse().join('.')}.in-addr.arpa`)),
  };
}

/** This container's name as peers reach it, from the real hostname, interfaces and DNS. */
export function detectThisNodeName(): Promise<NodeName | undefined> {
  return detectNodeName({ hostname: hostname(), addresses: containerAddresses(), dns: systemNameResolver() });
}
