/** Longest player name shown anywhere; long names would break the scoreboard layout. */
export const MAX_NAME_LENGTH = 16;

/**
 * Turns whatever a client sent into a displayable name: normalised, without control or
 * formatting characters, whitespace collapsed, length-limited. Clients still render names as
 * text only; this is about looks and fairness, not the only line of defence.
 */
export function cleanName(raw: string): string {
  const cleaned = raw
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '')
    .trim();
  const chars = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim();
  return chars.length > 0 ? chars : 'Pilot';
}
