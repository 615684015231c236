import { open, readFile } from 'node:fs/promises';
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
  // --no-canonicalize: umount would otherwise resolve the path, and a stat of a hung FUSE root
  // blocks until the ping timeout; the mount point is absolute already (config checks it).
  await run('umount', ['-l', '--no-canonicalize', mountPoint], {
    timeoutMs: 10_000,
    rejectOnExitCode: false,
  }).catch(() => undefined);
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

/** How long the root of a fresh mount may take to answer. */
const VERIFY_TIMEOUT_MS = 10_000;

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

/**
 * Proves the mount is live: a glusterfs mount whose root answers a `stat` (in a child process
 * with a deadline, so a hung mount never holds a thread of the agent's pool). Writes are not
 * required: a full or read-only volume is still served (the write monitor says why it refuses
 * writes), where requiring a write made it 503 forever.
 */
export async function verifyMount(
  mountPoint: string,
  options: { mountsFile?: string; logDir?: string; mountedSince?: number; run?: CommandRunner } = {},
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
  try {
    await (options.run ?? runCommand)('stat', ['-c', '%i', '--', mountPoint], {
      timeoutMs: VERIFY_TIMEOUT_MS,
    });
  } catch (error) {
    throw new StorageError(
      'GA_MOUNT_NOT_READABLE',
      `The volume mounted on ${mountPoint} does not answer (${commandSaid(error)}): ` +
        'check that the storage servers run and their bricks are online (`gluster volume status`)',
      { cause: error },
    );
  }
}
