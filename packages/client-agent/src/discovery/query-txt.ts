import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { type Clock, describeError, systemClock } from '@gluster-asteroids/agent-runtime';
import { DnsError } from './dns-errors.js';
import { classifyResponse, encodeTxtQuery, isQueryName } from './dns-message.js';
import { type DnsSocket, type DnsSocketFactory, openUdpDnsSocket } from './dns-socket.js';

/** Options of {@link queryTxt}. */
export interface QueryTxtOptions {
  /** The DNS server, by IP address (resolve a host name first, as discoverPublicAddress does). */
  server: { host: string; port: number };
  /** The name whose TXT records are asked for, e.g. `o-o.myaddr.l.google.com`. */
  name: string;
  /** How long to wait for an answer to each attempt, in milliseconds. */
  timeoutMs: number;
  /** How many more attempts after the first one times out (dig's `+tries` minus one). */
  retries: number;
  /** Cancels the query; it then rejects with GA_DNS_ABORTED. */
  signal?: AbortSignal;
  /** Time source of the per-attempt timeout; tests pass a ManualClock. */
  clock?: Clock;
  /** Opens the socket; tests pass a fake. */
  openSocket?: DnsSocketFactory;
  /** Draws a 16-bit query id; random by default so answers cannot be guessed. */
  randomId?: () => number;
}

type Outcome = { kind: 'rcode'; rcode: string } | { kind: 'answer'; texts: string[] };

const TIMED_OUT: unique symbol = Symbol('timed out');

function validate(options: QueryTxtOptions, where: string): void {
  const { server, name, timeoutMs, retries } = options;
  const problems: string[] = [];
  if (isIP(server.host) === 0) problems.push(`server host \`${server.host}\` is not an IP address`);
  if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) {
    problems.push(`server port \`${server.port}\` is not from 1 to 65535`);
  }
  if (!isQueryName(name)) problems.push(`\`${name}\` is not a DNS name`);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
    problems.push(`timeout \`${timeoutMs}\` is not a positive integer`);
  if (!Number.isInteger(retries) || retries < 0)
    problems.push(`retries \`${retries}\` is not a non-negative integer`);
  if (problems.length > 0) {
    throw new DnsError(
      'GA_DNS_INVALID_QUERY',
      `Cannot send ${where}: ${problems.join('; ')}. Fix the discovery settings.`,
    );
  }
}

/**
 * Asks one DNS server for the TXT records of a name over UDP, like `dig -t txt NAME @SERVER +short`:
 * a random id per attempt, answers matched on id and question, stray packets ignored, attempts
 * repeated on timeout. Resolves the character-strings of every TXT record in the answer.
 */
export async function queryTxt(options: QueryTxtOptions): Promise<string[]> {
  const { server, name, timeoutMs, retries, signal } = options;
  const where = `the TXT query for ${name} to DNS server ${server.host}:${server.port}`;
  validate(options, where);
  const clock = options.clock ?? systemClock;
  const randomId = options.randomId ?? (() => randomInt(0, 65536));
  const aborted = (): DnsError =>
    new DnsError('GA_DNS_ABORTED', `Cancelled ${where} (the agent is stopping)`, { cause: signal?.reason });
  if (signal?.aborted) throw aborted();

  let socket: DnsSocket;
  try {
    socket = await (options.openSocket ?? openUdpDnsSocket)({ address: server.host, port: server.port });
  } catch (error) {
    throw new DnsError(
      'GA_DNS_SOCKET_FAILED',
      `Could not open a UDP socket for ${where}: ${describeError(error)}. Check the container network, or set the public host explicitly.`,
      { cause: error },
    );
  }

  const ids = new Set<number>();
  let lastBadAnswer: string | undefined;
  let lastSendError: string | undefined;
  let settle: (outcome: Outcome) => void = () => {};
  const outcome = new Promise<Outcome>((resolve) => {
    settle = resolve;
  });
  socket.onMessage((packet) => {
    const verdict = classifyResponse(packet, ids, name);
    // Bad packets are remembered, not fatal: a real answer may still follow (or be forged ahead of).
    if (verdict.kind === 'bad') lastBadAnswer = verdict.why;
    else if (verdict.kind !== 'stray') settle(verdict);
  });

  try {
    for (let attempt = 0; attempt <= retries; attempt++) {
      let id = randomId();
      while (ids.has(id) && ids.size < 65536) id = randomId();
      ids.add(id);
      try {
        await socket.send(encodeTxtQuery(id, name));
      } catch (error) {
        lastSendError = describeError(error);
      }
      const result = await raceTimeout(outcome, clock, timeoutMs, signal);
      if (result === TIMED_OUT) continue;
      return interpret(result, `DNS server ${server.host}:${server.port}`, name);
    }
  } catch (error) {
    if (signal?.aborted) throw aborted();
    throw error;
  } finally {
    socket.close();
  }

  const attempts = `${retries + 1} attempt${retries === 0 ? '' : 's'} of ${timeoutMs} ms`;
  if (lastBadAnswer !== undefined) {
    throw new DnsError(
      'GA_DNS_BAD_ANSWER',
      `No usable answer to ${where} in ${attempts}; it sent ${lastBadAnswer}. Check that the server is a DNS server, or set the public host explicitly.`,
    );
  }
  throw new DnsError(
    'GA_DNS_TIMEOUT',
    `No answer to ${where} in ${attempts}${lastSendError ? ` (sending failed: ${lastSendError})` : ''}. ` +
      `Check that outbound UDP to port ${server.port} is allowed, or set the public host explicitly.`,
  );
}

async function raceTimeout(
  outcome: Promise<Outcome>,
  clock: Clock,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome | typeof TIMED_OUT> {
  const timer = new AbortController();
  const sleepSignal = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
  try {
    return await Promise.race([
      outcome,
      clock.sleep(timeoutMs, sleepSignal).then((): typeof TIMED_OUT => TIMED_OUT),
    ]);
  } finally {
    timer.abort();
  }
}

function interpret(outcome: Outcome, server: string, name: string): string[] {
  if (outcome.kind === 'rcode') {
    throw new DnsError(
      'GA_DNS_ERROR_RCODE',
      `${server} answered the TXT query for ${name} with ${outcome.rcode}. Check the query name and that the server resolves it, or set the public host explicitly.`,
    );
  }
  if (outcome.texts.length === 0) {
    throw new DnsError(
      'GA_DNS_NO_ANSWER',
      `${server} answered the TXT query for ${name} without any TXT record. Check the query name, or set the public host explicitly.`,
    );
  }
  return outcome.texts;
}
