import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGlusterfsMounted, mountArgs } from './glusterfs-mount.js';

describe('mountArgs', () => {
  it('mounts from the first server with the others as volfile backups', () => {
    expect(
      mountArgs({ servers: ['gluster02', 'gluster01'], volume: 'ranchervol', mountPoint: '/mnt/ranchervol' }),
    ).toEqual([
      '-t',
      'glusterfs',
      '-o',
      'backup-volfile-servers=gluster01',
      'gluster02:/ranchervol',
      '/mnt/ranchervol',
    ]);
  });

  it('passes no options with a single server', () => {
    expect(mountArgs({ servers: ['gluster01'], volume: 'v', mountPoint: '/mnt/v' })).toEqual([
      '-t',
      'glusterfs',
      'gluster01:/v',
      '/mnt/v',
    ]);
  });
});

describe('isGlusterfsMounted', () => {
  it('recognises a fuse.glusterfs mount at the exact mount point only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-mounts-'));
    try {
      const file = join(dir, 'mounts');
      writeFileSync(
        file,
        [
          'overlay / overlay rw,relatime 0 0',
          'gluster01:/ranchervol /mnt/ranchervol fuse.glusterfs rw,relatime,user_id=0 0 0',
          'gluster01:/other /mnt/with\\040space fuse.glusterfs rw 0 0',
          'tmpfs /mnt/ranchervol2 tmpfs rw 0 0',
        ].join('\n'),
      );
      expect(await isGlusterfsMounted('/mnt/ranchervol', file)).toBe(true);
      expect(await isGlusterfsMounted('/mnt/with space', file)).toBe(true);
      expect(await isGlusterfsMounted('/mnt/ranchervol2', file)).toBe(false);
      expect(await isGlusterfsMounted('/mnt', file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
