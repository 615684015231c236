import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuntimeErrorCodes } from './errors.js';
import { TlsErrorCodes } from './tls/tls-errors.js';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it.each([...Object.values(RuntimeErrorCodes), ...Object.values(TlsErrorCodes)])(
    'documents %s in docs/errors.md',
    (code) => {
      expect(errorsDoc).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
    },
  );
});
