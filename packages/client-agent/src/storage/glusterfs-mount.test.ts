import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientLogPath,
  isGlusterfsMounted,
  lastClientLogError,
  mountArgs,
  verifyMount,
} from './glusterfs-mount.js';
import { StorageError } from './storage-errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the test. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ga-mount-test-'));
  dirs.push(dir);
  return dir;
}

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

  it('connects every brick on the known brick port, without asking the portmapper', () => {
    expect(
      mountArgs({ servers: ['gluster01', 'gluster02'], volume: 'v', mountPoint: '/mnt/v', brickPort: 49152 }),
    ).toEqual([
      '-t',
      'glusterfs',
      '-o',
      'backup-volfile-servers=gluster02,xlator-option=*-client-*.remote-port=49152',
      'gluster01:/v',
      '/mnt/v',
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
    const dir = tempDir();
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
  });
});

describe('the glusterfs client log, quoted when a mount did not happen', () => {
  it('is named after the mount point, as glusterfs names it', () => {
    expect(clientLogPath('/mnt/ranchervol')).toBe('/var/log/glusterfs/mnt-ranchervol.log');
    expect(clientLogPath('/srv/game/data/', '/logs')).toBe('/logs/srv-game-data.log');
  });

  it("has its last error line quoted by verifyMount's GA_MOUNT_NOT_GLUSTER", async () => {
    const dir = tempDir();
    const mounts = join(dir, 'mounts');
    writeFileSync(mounts, 'overlay / overlay rw,relatime 0 0\n');
    // The lines a mount without CAP_SYS_ADMIN left in a real client log (asteroids image).
    writeFileSync(
      join(dir, 'mnt-ranchervol.log'),
      [
        '[2026-11-25 07:15:59.793260 +0000] E [mount.c:510:gf_fuse_mount] 0-glusterfs-fuse: mount of gluster01:/ranchervol to /mnt/ranchervol (default_permissions,allow_other,max_read=131072) failed',
        '[2026-11-25 07:16:01.728528 +0000] E [mount.c:453:fuse_mount_sys] 0-glusterfs-fuse: ret = -1',
        "[2026-11-25 07:16:01.861586 +0000] I [fuse-bridge.c:7051:fini] 0-fuse: Unmounting '/mnt/ranchervol'.",
        '',
      ].join('\n'),
    );
    const error = await verifyMount('/mnt/ranchervol', { mountsFile: mounts, logDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('GA_MOUNT_NOT_GLUSTER');
    expect((error as StorageError).message).toBe(
      "/mnt/ranchervol is not a fuse.glusterfs mount after mounting; the glusterfs client's last error " +
        `(${join(dir, 'mnt-ranchervol.log')}): E [mount.c:453:fuse_mount_sys] 0-glusterfs-fuse: ret = -1`,
    );
  });

  it('quotes only errors logged since the mount attempt, not those of earlier attempts or runs', async () => {
    const dir = tempDir();
    const log = join(dir, 'mnt-ranchervol.log');
    writeFileSync(
      log,
      '[2026-11-25 07:16:01.728528 +0000] E [mount.c:453:fuse_mount_sys] 0-glusterfs-fuse: ret = -1\n',
    );
    expect(await lastClientLogError(log, Date.parse('2026-11-25T07:16:01Z'))).toContain('ret = -1');
    expect(await lastClientLogError(log, Date.parse('2026-11-25T07:16:02Z'))).toBeUndefined();
  });

  it('is left out when there is no log or no error in it', async () => {
    const dir = tempDir();
    expect(await lastClientLogError(join(dir, 'missing.log'))).toBeUndefined();
    writeFileSync(
      join(dir, 'quiet.log'),
      '[2026-11-25 07:16:01.861586 +0000] I [fuse-bridge.c:7051:fini] 0-fuse: bye\n',
    );
    expect(await lastClientLogError(join(dir, 'quiet.log'))).toBeUndefined();
  });
});
