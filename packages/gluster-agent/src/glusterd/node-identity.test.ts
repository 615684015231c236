import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOnRootFileSystem, readNodeUuid } from './node-identity.js';

describe('node identity', () => {
  it("reads this node's UUID from glusterd.info and nothing before glusterd wrote it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-info-'));
    try {
      const file = join(dir, 'glusterd.info');
      expect(await readNodeUuid(file)).toBeUndefined();
      writeFileSync(file, 'UUID=2c3f5b1e-0d8e-4a57-9b4c-1f2e3d4c5b6a\noperating-version=110000\n');
      expect(await readNodeUuid(file)).toBe('2c3f5b1e-0d8e-4a57-9b4c-1f2e3d4c5b6a');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('judges a brick path that does not exist yet by its nearest existing parent', async () => {
    expect(await isOnRootFileSystem('/')).toBe(true);
    expect(await isOnRootFileSystem('/definitely/not/here/brick')).toBe(true);
  });
});
