import { KEY_MASK } from './keys.js';

/** Raw name length accepted before cleaning; anything longer is a malformed message. */
const MAX_RAW_NAME = 64;

/** Everything a client may send. Anything else is rejected before it reaches the game. */
export type ClientMessage =
  | { readonly t: 'join'; readonly name: string; readonly hue: number }
  | { readonly t: 'input'; readonly k: number }
  | { readonly t: 'ping'; readonly c: number }
  | { readonly t: 'lb' };

export type ValidationResult =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly reason: string };

const ALLOWED_KEYS: Readonly<Record<ClientMessage['t'], readonly string[]>> = {
  join: ['t', 'name', 'hue'],
  input: ['t', 'k'],
  ping: ['t', 'c'],
  lb: ['t'],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function fail(reason: string): ValidationResult {
  return { ok: false, reason };
}

/** Parses and checks one text frame against the schema above; never throws. */
export function parseClientMessage(text: string): ValidationResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  if (!isRecord(data)) return fail('not an object');
  const t = data.t;
  if (typeof t !== 'string' || !Object.hasOwn(ALLOWED_KEYS, t)) return fail('unknown message type');
  const type = t as ClientMessage['t'];
  const allowed = ALLOWED_KEYS[type];
  for (const key of Object.keys(data)) if (!allowed.includes(key)) return fail(`unexpected field ${key}`);
  switch (type) {
    case 'join': {
      const { name, hue } = data;
      if (typeof name !== 'string' || name.length > MAX_RAW_NAME) return fail('name must be a short string');
      if (!isIntIn(hue, 0, 359)) return fail('hue must be an integer 0-359');
      return { ok: true, message: { t: 'join', name, hue } };
    }
    case 'input':
      if (!isIntIn(data.k, 0, KEY_MASK)) return fail(`k must be an integer 0-${KEY_MASK}`);
      return { ok: true, message: { t: 'input', k: data.k } };
    case 'ping':
      if (typeof data.c !== 'number' || !Number.isFinite(data.c)) return fail('c must be a finite number');
      return { ok: true, message: { t: 'ping', c: data.c } };
    case 'lb':
      return { ok: true, message: { t: 'lb' } };
  }
}
