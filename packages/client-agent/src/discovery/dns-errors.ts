import { GaError } from '@gluster-asteroids/agent-runtime';

/** Stable codes of the DNS discovery errors, each with what it means and what to do. */
export const DNS_ERROR_CODES = {
  GA_DNS_INVALID_QUERY:
    'The configured DNS server or query name is not valid (not a host name, or a name that cannot be encoded). ' +
    'Fix the configuration value named in the message.',
  GA_DNS_TIMEOUT:
    'The DNS server did not answer within the timeout, after every retry. Check that outbound UDP port 53 to the ' +
    'server is allowed, or set the public host explicitly.',
  GA_DNS_BAD_ANSWER:
    'The DNS server answered with a packet that cannot be decoded or that does not answer the question asked. ' +
    'Check that the configured server is a DNS server; set the public host explicitly meanwhile.',
  GA_DNS_ERROR_RCODE:
    'The DNS server answered with an error code (NXDOMAIN, SERVFAIL, REFUSED, ...). Check the query name and that ' +
    'the server answers it; set the public host explicitly meanwhile.',
  GA_DNS_NO_ANSWER:
    'The DNS server answered without any TXT record for the name. Check the query name; set the public host ' +
    'explicitly meanwhile.',
  GA_DNS_NOT_AN_ADDRESS:
    'The DNS server answered with TXT records, but none holds an IP address (discovery only; never thrown). ' +
    'Check the query name; set the public host explicitly meanwhile.',
  GA_DNS_SERVER_UNRESOLVED:
    'The DNS server host name could not be resolved to an address. Check the container resolver, or configure the ' +
    'server by address.',
  GA_DNS_SOCKET_FAILED:
    'No UDP socket to the DNS server could be opened or used (no network, or no route for the address family). ' +
    'Check the container network; set the public host explicitly meanwhile.',
  GA_DNS_ABORTED: 'The DNS query was cancelled (the agent is stopping). Nothing to do.',
} as const;

export type DnsErrorCode = keyof typeof DNS_ERROR_CODES;

/** A failed DNS query, with a stable code and a message naming the server and the name. */
export class DnsError extends GaError {
  declare readonly code: DnsErrorCode;

  constructor(code: DnsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
