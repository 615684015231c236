import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileAppliedOptions } from './applied-options.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('fileAppliedOptions', () => {
  it('keeps what was applied to a volume across agent restarts, and forgets it for a re-created volume', async () => {
    dir = await mkdtemp(join(tmpdir(), 'applied-'));
    const file = join(dir, 'state', 'applied-options.json');
    expect(await fileAppliedOptions(file).load('vol-1')).toEqual({});
    await fileAppliedOptions(file).save('vol-1', { 'network.ping-timeout': '5' });
    expect(await fileAppliedOptions(file).load('vol-1')).toEqual({ 'network.ping-timeout': '5' });
    expect(await fileAppliedOptions(file).load('vol-2')).toEqual({});
  });
});
