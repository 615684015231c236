import { readFile, stat } from 'node:fs/promises';
import { ExitCodes } from '@gluster-asteroids/agent-runtime';
import { StorageError } from './storage-errors.js';

/** CAP_SYS_ADMIN's bit in the capability sets of /proc/<pid>/status (linux/capability.h). */
const CAP_SYS_ADMIN_BIT = 21n;

/** Where the checks look; tests point them at files of their own. */
export interface MountPrivilegePaths {
  statusFile?: string;
  fuseDevice?: string;
}

/** Whether this process's effective capabilities include CAP_SYS_ADMIN (from `CapEff:`). */
export async function hasSysAdmin(statusFile = '/proc/self/status'): Promise<boolean> {
  const status = await readFile(statusFile, 'utf8').catch(() => '');
  const capEff = /^CapEff:\s*([0-9a-f]+)$/im.exec(status)?.[1];
  // Unknown (no /proc?): do not block, the mount itself will tell.
  if (capEff === undefined) return true;
  return ((BigInt(`0x${capEff}`) >> CAP_SYS_ADMIN_BIT) & 1n) === 1n;
}

/**
 * Checks before the first mount that this container may mount FUSE at all: CAP_SYS_ADMIN and
 * /dev/fuse. Without them `mount -t glusterfs` still exits 0 (its glusterfs process fails in the
 * background with "ret = -1"), and the agent would retry "not a fuse.glusterfs mount" until its
 * mount deadline. Throws GA_MOUNT_NOT_PERMITTED naming what is missing.
 */
export async function checkMountPrivileges(paths: MountPrivilegePaths = {}): Promise<void> {
  const missing: string[] = [];
  if (!(await hasSysAdmin(paths.statusFile))) {
    missing.push('the SYS_ADMIN capability (compose: `cap_add: [SYS_ADMIN]`)');
  }
  const fuseDevice = paths.fuseDevice ?? '/dev/fuse';
  const fuse = await stat(fuseDevice).catch(() => undefined);
  if (!fuse?.isCharacterDevice()) {
    missing.push(
      `the ${fuseDevice} device (compose: \`devices: [/dev/fuse]\`; on the host: \`modprobe fuse\`)`,
    );
  }
  if (missing.length === 0) return;
  throw new StorageError(
    'GA_MOUNT_NOT_PERMITTED',
    `This container cannot mount the GlusterFS volume: it lacks ${missing.join(' and ')}. Give it to the ` +
      "container (Rancher: the container's capabilities and devices); --privileged is not needed.",
    { exitsWith: ExitCodes.CONFIG },
  );
}
