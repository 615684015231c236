import { type DecodedPacket, decode, encode, RECURSION_DESIRED } from 'dns-packet';

/** The parts of a response that decide what a query got, before any interpretation of TXT data. */
export type ResponseVerdict =
  /** Not for this query (another id, or not a response): ignore it and keep waiting. */
  | { kind: 'stray'; why: string }
  /** For this query but unusable (cannot be decoded, wrong question). */
  | { kind: 'bad'; why: string }
  /** The server answered with an error code. */
  | { kind: 'rcode'; rcode: string }
  /** A successful answer: the character-strings of every TXT record, in order. */
  | { kind: 'answer'; texts: string[] };

/** Whether `name` can be sent as a DNS question name (labels of 1-63 letters, digits, `-`, `_`). */
export function isQueryName(name: string): boolean {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed.length === 0 || trimmed.length > 253) return false;
  return trimmed.split('.').every((label) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

/** Encodes a recursive `IN TXT` question for `name` with the given 16-bit id. */
export function encodeTxtQuery(id: number, name: string): Buffer {
  return encode({
    type: 'query',
    id,
    flags: RECURSION_DESIRED,
    questions: [{ type: 'TXT', class: 'IN', name }],
  });
}

function sameName(a: string, b: string): boolean {
  const strip = (n: string): string => (n.endsWith('.') ? n.slice(0, -1) : n).toLowerCase();
  return strip(a) === strip(b);
}

function textsOf(data: unknown): string[] {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : String(part)));
}

/**
 * Decides what a received datagram means for the query (`ids` sent, `name` asked). Answers are
 * matched on id and question, as resolvers do, so a late or forged packet cannot pass as the answer.
 */
export function classifyResponse(packet: Buffer, ids: ReadonlySet<number>, name: string): ResponseVerdict {
  let decoded: DecodedPacket;
  try {
    decoded = decode(packet);
  } catch (error) {
    return { kind: 'bad', why: `an undecodable packet of ${packet.length} bytes (${String(error)})` };
  }
  if (decoded.id === undefined || !ids.has(decoded.id)) {
    return { kind: 'stray', why: `a packet with id ${decoded.id}, not one of ours` };
  }
  if (decoded.type !== 'response') return { kind: 'stray', why: 'a query, not a response' };
  const question = decoded.questions?.[0];
  if (
    decoded.questions?.length !== 1 ||
    !question ||
    question.type !== 'TXT' ||
    !sameName(question.name, name)
  ) {
    const asked = question ? `${question.name} ${question.type}` : 'no question';
    return { kind: 'bad', why: `an answer to another question (${asked})` };
  }
  const rcode = (decoded.flags ?? 0) & 0xf;
  if (rcode !== 0) return { kind: 'rcode', rcode: rcodeName(rcode) };
  const texts = (decoded.answers ?? []).flatMap((answer) =>
    answer.type === 'TXT' ? textsOf(answer.data) : [],
  );
  return { kind: 'answer', texts };
}

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}
