import { type Answer, decode, encode } from 'dns-packet';
import type { DnsSocket, DnsSocketFactory } from '../../src/discovery/dns-socket.js';

/** What a fake server does with one query: the datagrams it sends back (none = silence). */
export type FakeResponder = (query: ReturnType<typeof decode>, attempt: number) => Buffer[];

/** A DnsSocket without a network: each sent query is answered by `responder` on the next tick. */
export class FakeDnsSocket implements DnsSocket {
  readonly sent: ReturnType<typeof decode>[] = [];
  closed = false;
  private listener: ((packet: Buffer) => void) | undefined;

  constructor(private readonly responder: FakeResponder) {}

  async send(packet: Buffer): Promise<void> {
    const query = decode(packet);
    this.sent.push(query);
    const replies = this.responder(query, this.sent.length);
    queueMicrotask(() => {
      for (const reply of replies) this.listener?.(reply);
    });
  }

  onMessage(listener: (packet: Buffer) => void): void {
    this.listener = listener;
  }

  close(): void {
    this.closed = true;
  }

  /** A factory returning this socket, recording the server it was opened for. */
  factory(): DnsSocketFactory & { servers: { address: string; port: number }[] } {
    const servers: { address: string; port: number }[] = [];
    const open = async (server: { address: string; port: number }): Promise<DnsSocket> => {
      servers.push(server);
      return this;
    };
    return Object.assign(open, { servers });
  }
}

/** Encodes a response to `query` (same id and question) with the given answers and rcode. */
export function responseTo(
  query: ReturnType<typeof decode>,
  options: { answers?: Answer[]; rcode?: number; id?: number; questionName?: string } = {},
): Buffer {
  const question = query.questions?.[0];
  return encode({
    type: 'response',
    id: options.id ?? query.id ?? 0,
    flags: options.rcode ?? 0,
    questions: question ? [{ ...question, name: options.questionName ?? question.name }] : [],
    answers: options.answers ?? [],
  });
}

/** A TXT answer record for `name` with the given character-strings. */
export function txt(name: string, ...strings: string[]): Answer {
  return { type: 'TXT', name, class: 'IN', ttl: 60, data: strings };
}
