import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DNS_ERROR_CODES } from './discovery/dns-errors.js';
import { CLIENT_CONFIG_ERROR_CODES } from './game/client-config-errors.js';
import { INSTALL_ERROR_CODES } from './game/install-errors.js';
import { NGINX_ERROR_CODES } from './nginx/nginx-errors.js';
import { STORAGE_ERROR_CODES } from './storage/storage-errors.js';

const REGISTRIES = [
  DNS_ERROR_CODES,
  NGINX_ERROR_CODES,
  CLIENT_CONFIG_ERROR_CODES,
  INSTALL_ERROR_CODES,
  STORAGE_ERROR_CODES,
];
const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('client-agent error codes', () => {
  it.each(REGISTRIES.flatMap((registry) => Object.entries(registry)))(
    'documents %s in docs/errors.md and describes it in the code',
    (code, text) => {
      expect(code).toMatch(/^GA_[A-Z_]+$/);
      expect(text.length).toBeGreaterThan(40);
      expect(errorsDoc).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
    },
  );

  it('uses every code once across the registries', () => {
    const all = REGISTRIES.flatMap((registry) => Object.keys(registry));
    expect(new Set(all).size).toBe(all.length);
  });
});
