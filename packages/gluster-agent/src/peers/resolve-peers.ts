import { lookup } from 'node:dns/promises';

/** How a configured peer resolved. */
export interface ResolvedPeer {
  configured: string;
  /** What to probe and name bricks by: the name itself, or each address when it has several. */
  hosts: string[];
  /** The addresses it resolved to (the literal itself for an address), [] when it did not. */
  addresses: string[];
  /** Set when the name did not resolve (yet). */
  error?: string;
}

export type AddressLookup = (name: string) => Promise<string[]>;

const lookupAll: AddressLookup = async (name) =>
  (await lookup(name, { all: true, family: 4 })).map((entry) => entry.address);

/**
 * Expands GLUSTER_PEER: a name with one address stays a name (brick names survive an address
 * change); a name with several addresses (a DNS round-robin of storage nodes) means all of them;
 * an IPv4 literal is itself. A name that does not resolve yet is reported, not dropped: in
 * `docker compose up` the other container may simply not exist yet.
 */
export async function resolvePeers(
  peers: readonly string[],
  resolve: AddressLookup = lookupAll,
): Promise<ResolvedPeer[]> {
  return Promise.all(
    peers.map(async (configured): Promise<ResolvedPeer> => {
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(configured))
        return { configured, hosts: [configured], addresses: [configured] };
      try {
        const addresses = [...new Set(await resolve(configured))];
        addresses.sort();
        return { configured, hosts: addresses.length > 1 ? addresses : [configured], addresses };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        return { configured, hosts: [], addresses: [], error: `${configured} does not resolve (${code})` };
      }
    }),
  );
}
