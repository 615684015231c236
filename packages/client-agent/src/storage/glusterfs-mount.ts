import { constants } from 'node:fs';
import { access, open, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type CommandRunner, commandSaid, runCommand } from '@gluster-asteroids/agent-runtime';
import { StorageError } from './storage-errors.js';

/** Where and how to mount: the first server, the others as volfile backups. */
export interface MountRequest {
  servers: readonly string[];
  volume: string;
  mountPoint: string;
  /**
   * The port every brick listens on (the server image pins 49152), or undefined to ask each
   * server's glusterd (its portmapper) as a stock client does.
   */
  brickPort?: number;
}

/**
 * `mount -t glusterfs` arguments: the first live server provides the volfile; the others are
 * `backup-volfile-servers`, so a remount works while the first is down. Data I/O itself goes to
 * every brick whatever server gave the volfile.
 *
 * With a known brick port, each protocol/client xlator connects to the brick straight away
 * (`remote-port`): a stock client first asks the brick's glusterd for the port, and when it asks
 * a moment before the brick has signed in (a first start: the second brick starts ~1 s after the
 * first), it is told "no port" and tries again only after its 3 s reconnect timer. That cost a
 * first start 3 s in most runs, and a stale answer from the portmapper after a node restart kept
 * clients away from a brick for minutes (gluster issue 4274).
 */
export function mountArgs(request: MountRequest): string[] {
  const [server, ...backups] = request.servers;
  if (!server) throw new Error('mountArgs needs at least one server');
  const options = [
    ...(backups.length > 0 ? [`backup-volfile-servers=${backups.join(':')}`] : []),
    ...(request.brickPort ? [`xlator-option=*-client-*.remote-port=${request.brickPort}`] : []),
  ];
  return [
    '-t',
    'glusterfs',
    ...(options.length > 0 ? ['-o', options.join(',')] : []),
    `${server}:/${request.volume}`,
    request.mountPoint,
  ];
}

/** Mounts the volume; throws GA_MOUNT_FAILED with mount's own words. */
export async function mountGlusterfs(
  request: MountRequest,
  timeoutMs: number,
  run: CommandRunner = runCommand,
): Promise<void> {
  try {
    await run('mount', mountArgs(request), { timeoutMs });
  } catch (error) {
    const said = commandSaid(error);
    throw new StorageError(
      'GA_MOUNT_FAILED',
      `Mounting ${request.servers[0]}:/${request.volume} on ${request.mountPoint} failed: ${said || 'no output'}`,
      { cause: error },
    );
  }
}

/** Undoes a mount even when it is hung or its transport is gone (umount -l). Never throws. */
export async function lazyUnmount(mountPoint: string, run: CommandRunner = runCommand): Promise<void> {
  await run('umount', ['-l', mountPoint], { timeoutMs: 10_000, rejectOnExitCode: false }).catch(
    () => undefined,
  );
}

/** /proc/self/mounts escapes spaces and friends as octal (\040). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** True when `mountPoint` is currently a fuse.glusterfs mount. */
export async function isGlusterfsMounted(
  mountPoint: string,
  mountsFile = '/proc/self/mounts',
): Promise<boolean> {
  const mounts = await readFile(mountsFile, 'utf8');
  return mounts.split('\n').some((line) => {
    const [, target, type] = line.split(' ');
    return target !== undefined && unescapeMountField(target) === mountPoint && type === 'fuse.glusterfs';
  });
}

/** The glusterfs client's log of a mount point: /mnt/ranchervol -> <dir>/mnt-ranchervol.log. */
export function clientLogPath(mountPoint: string, logDir = '/var/log/glusterfs'): string {
  return join(logDir, `${mountPoint.replace(/^\/+|\/+$/g, '').replaceAll('/', '-')}.log`);
}

/** How much of the end of the client log is read: the log only grows, a mount adds a few KB. */
const LOG_TAIL_BYTES = 64 * 1024;

/** "[2026-11-25 07:16:01.728528 +0000] E [...] ..." -> its time, or undefined. */
function logLineTime(line: string): number | undefined {
  const m = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\d* \+0000\]/.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : undefined;
}

/**
 * The last error line of the glusterfs client's log written since `since` (ms since the epoch),
 * without its timestamp, or undefined. When a mount fails in the background (`mount` itself exits
 * 0), this is the only place that says why. Only the end of the log is read, and older lines
 * (earlier attempts, earlier runs of the container) are not quoted.
 */
export async function lastClientLogError(logFile: string, since = 0): Promise<string | undefined> {
  let tail = '';
  try {
    const handle = await open(logFile, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, LOG_TAIL_BYTES);
      const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
      tail = buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  const errors = tail
    .split('\n')
    .filter((line) => /^\[[^\]]+\] E \[/.test(line) && (logLineTime(line) ?? 0) >= since);
  return errors
    .at(-1)
    ?.replace(/^\[[^\]]+\] /, '')
    .trim();
}

/** Proves the mount is live and writable: a glusterfs mount, and a small file written and removed. */
export async function verifyMount(
  mountPoint: string,
  options: { mountsFile?: string; logDir?: string; mountedSince?: number } = {},
): Promise<void> {
  const { mountsFile } = options;
  if (!(await isGlusterfsMounted(mountPoint, mountsFile))) {
    const logFile = clientLogPath(mountPoint, options.logDir);
    // Whole seconds: the log's clock and ours may differ by a little.
    const said = await lastClientLogError(logFile, (options.mountedSince ?? 0) - 1_000);
    throw new StorageError(
      'GA_MOUNT_NOT_GLUSTER',
      `${mountPoint} is not a fuse.glusterfs mount after mounting` +
        (said ? `; the glusterfs client's last error (${logFile}): ${said}` : ''),
    );
  }
  const probe = join(mountPoint, `.ga-write-check-${hostname()}`);
  try {
    await access(mountPoint, constants.W_OK);
    await writeFile(probe, String(Date.now()), { flush: true });
    await rm(probe, { force: true });
  } catch (error) {
    throw new StorageError(
      'GA_MOUNT_NOT_WRITABLE',
      `The volume mounted on ${mountPoint} does not accept writes (${(error as Error).message}): ` +
        'check that enough bricks are up for quorum and that the bricks are not full',
      { cause: error },
    );
  }
}
