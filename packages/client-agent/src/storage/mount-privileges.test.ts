import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMountPrivileges, hasSysAdmin } from './mount-privileges.js';
import { StorageError } from './storage-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ga-privileges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A /proc/<pid>/status with the given effective capability set. */
function statusWith(capEff: string): string {
  const file = join(dir, `status-${capEff}`);
  writeFileSync(file, `Name:\tnode\nCapInh:\t0000000000000000\nCapPrm:\t${capEff}\nCapEff:\t${capEff}\n`);
  return file;
}
/** Docker's default capability set, and the same with SYS_ADMIN added (as `docker inspect` shows them). */
const DOCKER_DEFAULT = '00000000a80425fb';
const WITH_SYS_ADMIN = '00000000a82425fb';

describe('hasSysAdmin', () => {
  it("reads CAP_SYS_ADMIN from the process's effective capabilities", async () => {
    expect(await hasSysAdmin(statusWith(DOCKER_DEFAULT))).toBe(false);
    expect(await hasSysAdmin(statusWith(WITH_SYS_ADMIN))).toBe(true);
    expect(await hasSysAdmin(statusWith('000001ffffffffff'))).toBe(true);
  });
});

describe('checkMountPrivileges', () => {
  it('passes with SYS_ADMIN and a character device for FUSE', async () => {
    // /dev/null stands in for /dev/fuse: both are character devices.
    await checkMountPrivileges({ statusFile: statusWith(WITH_SYS_ADMIN), fuseDevice: '/dev/null' });
  });

  it('exits 78 naming everything missing: the capability and the device', async () => {
    const error = await checkMountPrivileges({
      statusFile: statusWith(DOCKER_DEFAULT),
      fuseDevice: join(dir, 'no-fuse'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('GA_MOUNT_NOT_PERMITTED');
    expect((error as StorageError).exitsWith).toBe(78);
    expect((error as StorageError).message).toContain('SYS_ADMIN');
    expect((error as StorageError).message).toContain(join(dir, 'no-fuse'));
  });

  it('names only the device when the capability is there', async () => {
    const notADevice = join(dir, 'plain-file');
    writeFileSync(notADevice, '');
    const error = await checkMountPrivileges({
      statusFile: statusWith(WITH_SYS_ADMIN),
      fuseDevice: notADevice,
    }).catch((e: unknown) => e);
    expect((error as StorageError).message).not.toContain('SYS_ADMIN');
    expect((error as StorageError).message).toContain(notADevice);
  });
});
