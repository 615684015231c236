import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng.js';
import { parseClientMessage } from './client-messages.js';
import { cleanName, MAX_NAME_LENGTH } from './names.js';

describe('parseClientMessage', () => {
  it('accepts each well-formed message type', () => {
    expect(parseClientMessage('{"t":"join","name":"Ann","hue":120}')).toEqual({
      ok: true,
      message: { t: 'join', name: 'Ann', hue: 120 },
    });
    expect(parseClientMessage('{"t":"input","k":9}').ok).toBe(true);
    expect(parseClientMessage('{"t":"ping","c":12.5}').ok).toBe(true);
    expect(parseClientMessage('{"t":"lb"}').ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"t":'],
    ['a list', '[1,2]'],
    ['null', 'null'],
    ['an unknown type', '{"t":"teleport"}'],
    ['a prototype key as type', '{"t":"__proto__"}'],
    ['an extra field', '{"t":"input","k":1,"x":2}'],
    ['keys out of range', '{"t":"input","k":16}'],
    ['fractional keys', '{"t":"input","k":1.5}'],
    ['a string hue', '{"t":"join","name":"a","hue":"1"}'],
    ['a huge name', JSON.stringify({ t: 'join', name: 'x'.repeat(65), hue: 1 })],
    ['an object name', '{"t":"join","name":{"a":1},"hue":1}'],
    ['an infinite ping', '{"t":"ping","c":1e999}'],
  ])('rejects %s', (_label, text) => {
    expect(parseClientMessage(text).ok).toBe(false);
  });

  it('never throws on random bytes or mutated valid messages', () => {
    const rng = new Rng(2024);
    const seeds = ['{"t":"join","name":"Ann","hue":120}', '{"t":"input","k":9}', '{"t":"ping","c":1}'];
    for (let i = 0; i < 5000; i++) {
      let text: string;
      if (i % 2 === 0) {
        text = String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(0x10000)));
      } else {
        const base = seeds[rng.int(seeds.length)] ?? '';
        const pos = rng.int(base.length);
        text = base.slice(0, pos) + String.fromCharCode(rng.int(128)) + base.slice(pos + 1);
      }
      expect(() => parseClientMessage(text)).not.toThrow();
    }
  });
});

describe('cleanName', () => {
  it('strips control characters, collapses spaces and limits the length', () => {
    expect(cleanName('  Ann\u0000\u202e  the\n\tGreat  ')).toBe('Ann the Great');
    expect([...cleanName('x'.repeat(100))]).toHaveLength(MAX_NAME_LENGTH);
  });

  it('keeps markup as plain characters (the client renders text, never HTML)', () => {
    expect(cleanName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerr');
  });

  it('falls back to a default for empty names', () => {
    expect(cleanName('\u200b \u0007')).toBe('Pilot');
  });
});
