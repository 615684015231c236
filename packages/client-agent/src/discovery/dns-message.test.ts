import { decode, encode } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { classifyResponse, encodeTxtQuery, isQueryName } from './dns-message.js';

const NAME = 'o-o.myaddr.l.google.com';

function response(fields: Parameters<typeof encode>[0]): Buffer {
  return encode({ type: 'response', questions: [{ type: 'TXT', class: 'IN', name: NAME }], ...fields });
}

describe('isQueryName', () => {
  it.each([NAME, 'example.com.', '_dmarc.example.com', 'a'])('accepts %s', (name) => {
    expect(isQueryName(name)).toBe(true);
  });

  it.each(['', 'a..b', '-a.com', 'a b.com', 'a;b', `${'x'.repeat(64)}.com`])('rejects %j', (name) => {
    expect(isQueryName(name)).toBe(false);
  });
});

describe('encodeTxtQuery', () => {
  it('encodes a recursive IN TXT question with the given id', () => {
    const decoded = decode(encodeTxtQuery(4242, NAME));
    expect(decoded.id).toBe(4242);
    expect(decoded.type).toBe('query');
    expect(decoded.flag_rd).toBe(true);
    expect(decoded.questions).toEqual([{ type: 'TXT', class: 'IN', name: NAME }]);
  });
});

describe('classifyResponse', () => {
  const ids = new Set([7]);

  it('returns every character-string of every TXT answer in order', () => {
    const packet = response({
      id: 7,
      answers: [
        { type: 'TXT', name: NAME, ttl: 60, class: 'IN', data: ['203.0.113.7'] },
        { type: 'A', name: NAME, ttl: 60, class: 'IN', data: '192.0.2.1' },
        { type: 'TXT', name: NAME, ttl: 60, class: 'IN', data: ['edns0-client-subnet', '198.51.100.0/24'] },
      ],
    });
    expect(classifyResponse(packet, ids, NAME)).toEqual({
      kind: 'answer',
      texts: ['203.0.113.7', 'edns0-client-subnet', '198.51.100.0/24'],
    });
  });

  it('matches the question name without regard to case or a trailing dot', () => {
    const packet = encode({
      type: 'response',
      id: 7,
      questions: [{ type: 'TXT', class: 'IN', name: 'O-O.MyAddr.L.Google.Com.' }],
    });
    expect(classifyResponse(packet, ids, NAME)).toEqual({ kind: 'answer', texts: [] });
  });

  it('treats a packet with an id that was not sent as stray', () => {
    expect(classifyResponse(response({ id: 8 }), ids, NAME).kind).toBe('stray');
  });

  it('treats a query carrying one of our ids as stray', () => {
    expect(classifyResponse(encodeTxtQuery(7, NAME), ids, NAME).kind).toBe('stray');
  });

  it('treats undecodable bytes as a bad answer that says how long the packet was', () => {
    const verdict = classifyResponse(Buffer.from([1, 2, 3]), ids, NAME);
    expect(verdict).toMatchObject({ kind: 'bad' });
    expect(verdict.kind === 'bad' && verdict.why).toContain('3 bytes');
  });

  it('treats an answer to another question as a bad answer', () => {
    const packet = encode({
      type: 'response',
      id: 7,
      questions: [{ type: 'TXT', class: 'IN', name: 'evil.example' }],
    });
    expect(classifyResponse(packet, ids, NAME)).toMatchObject({ kind: 'bad' });
  });

  it.each([
    [3, 'NXDOMAIN'],
    [2, 'SERVFAIL'],
    [5, 'REFUSED'],
    [11, 'RCODE11'],
  ])('reports rcode %i as %s', (rcode, name) => {
    expect(classifyResponse(response({ id: 7, flags: rcode }), ids, NAME)).toEqual({
      kind: 'rcode',
      rcode: name,
    });
  });
});
