import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLUSTER_CLI_ERROR_CODES } from './cli/errors.js';
import { CLUSTER_ERROR_CODES } from './cluster/errors.js';
import { BRICK_ERROR_CODES } from './glusterd/brick-xattrs.js';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('gluster-agent error codes', () => {
  it.each([
    ...Object.keys(CLUSTER_ERROR_CODES),
    ...Object.keys(GLUSTER_CLI_ERROR_CODES),
    ...Object.keys(BRICK_ERROR_CODES),
  ])('documents %s in docs/errors.md', (code) => {
    expect(errorsDoc).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
