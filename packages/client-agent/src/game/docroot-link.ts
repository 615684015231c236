import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Points the document root nginx serves (a link on this container's disk) at this image's
 * release on the volume. nginx's configuration then names one fixed path whatever the version,
 * as a deploy's `current` link does; the link is replaced atomically (a new link renamed over it).
 */
export async function pointDocumentRoot(link: string, release: string): Promise<void> {
  await mkdir(dirname(link), { recursive: true });
  const temp = `${link}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await symlink(release, temp);
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`Could not point the document root ${link} at ${release}: ${String(error)}`, {
      cause: error,
    });
  }
}
