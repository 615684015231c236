import { readdir } from 'node:fs/promises';
import { type CommandRunner, runCommand } from '@gluster-asteroids/agent-runtime';

/** The xattr gluster stamps on a brick directory when it becomes part of a volume. */
const VOLUME_ID_XATTR = 'trusted.glusterfs.volume-id';

/**
 * This node's brick directory as found on disk, before gluster is asked anything about it:
 * - `missing`: no directory (volume create makes it);
 * - `fresh`: no volume-id stamp; `entries` counts what is in it (gluster's own `.glusterfs` aside);
 * - `stamped`: part of the volume whose id it carries (a UUID, as `volume info` prints it).
 */
export type LocalBrick =
  | { kind: 'missing' }
  | { kind: 'fresh'; entries: number }
  | { kind: 'stamped'; volumeId: string };

/** 0x + 32 hex digits -> 8-4-4-4-12, the form `volume info` uses. */
function asUuid(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Reads the brick's volume-id stamp (getfattr: Node has no xattr API) and, when unstamped, how
 * much it holds. The stamp decides what is safe: a stamped brick belongs to a volume and must
 * never be stamped anew, an unstamped one must never be started as if it held the volume's data.
 */
export async function readLocalBrick(path: string, run: CommandRunner = runCommand): Promise<LocalBrick> {
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entries === undefined) return { kind: 'missing' };
  const result = await run('getfattr', ['--absolute-names', '-e', 'hex', '-n', VOLUME_ID_XATTR, '--', path], {
    timeoutMs: 10_000,
    rejectOnExitCode: false,
  });
  const match = /=0x([0-9a-fA-F]{32})\s*$/m.exec(result.stdout);
  if (match) return { kind: 'stamped', volumeId: asUuid(match[1] as string) };
  if (result.exitCode !== 0 && !/No such attribute|No data available/i.test(result.stderr)) {
    const said = (result.stderr || result.stdout).trim();
    throw new Error(`could not read ${VOLUME_ID_XATTR} of ${path}: ${said || 'no output'}`);
  }
  return { kind: 'fresh', entries: entries.filter((entry) => entry !== '.glusterfs').length };
}
