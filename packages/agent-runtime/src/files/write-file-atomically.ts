import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `content` so readers see the old file or the new one, never a part:
 * written to a temporary file in the same directory (same file system), then renamed over it.
 */
export async function writeFileAtomically(path: string, content: string, mode = 0o644): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await chmod(temporary, mode); // whatever the umask: readers may run as another user
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
