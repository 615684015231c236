import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * This node's gluster UUID from /var/lib/glusterd/glusterd.info (written by glusterd on first
 * start). Bricks and peers carry it, so it identifies "my brick" whatever name or address the
 * node that created the volume used for us. Undefined until glusterd has written it.
 */
export async function readNodeUuid(
  infoFile = '/var/lib/glusterd/glusterd.info',
): Promise<string | undefined> {
  try {
    const match = /^UUID=(\S+)$/m.exec(await readFile(infoFile, 'utf8'));
    return match?.[1];
  } catch {
    return undefined;
  }
}

/** `path` if it exists, else its nearest existing ancestor ('/' at worst). */
export async function nearestExistingPath(path: string): Promise<string> {
  for (let candidate = path; ; candidate = dirname(candidate)) {
    const exists = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (exists || candidate === dirname(candidate)) return candidate;
  }
}

/**
 * True when the brick directory would be on the container's root file system, where gluster
 * insists on `force`. A Docker volume at GLUSTER_BRICK_PATH is its own mount, so normally false.
 * The brick directory itself may not exist yet; its nearest existing ancestor decides.
 */
export async function isOnRootFileSystem(brickPath: string): Promise<boolean> {
  const [brick, root] = await Promise.all([stat(await nearestExistingPath(brickPath)), stat('/')]);
  return brick.dev === root.dev;
}
