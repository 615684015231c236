import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Option values this node's agent last applied (or accepted) on a volume, by option key. */
export type AppliedOptions = Readonly<Record<string, string>>;

/**
 * Remembers, per volume id, which configured option values this node has already applied, so the
 * agent changes an option only when its own configuration changed since, never because someone
 * else (an operator, a differently configured peer) set another value meanwhile.
 */
export interface AppliedOptionsStore {
  load(volumeId: string): Promise<AppliedOptions>;
  save(volumeId: string, options: AppliedOptions): Promise<void>;
}

/** Kept with glusterd's own state, so it lives and dies with this node's identity. */
export const APPLIED_OPTIONS_FILE = '/var/lib/glusterd/gluster-asteroids/applied-options.json';

/** A JSON file `{volumeId, options}`; a file for another volume id (a re-created volume) is empty. */
export function fileAppliedOptions(file = APPLIED_OPTIONS_FILE): AppliedOptionsStore {
  return {
    async load(volumeId) {
      try {
        const saved = JSON.parse(await readFile(file, 'utf8')) as { volumeId?: unknown; options?: unknown };
        if (saved.volumeId !== volumeId || typeof saved.options !== 'object' || saved.options === null)
          return {};
        return Object.fromEntries(
          Object.entries(saved.options).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        );
      } catch {
        return {};
      }
    },
    async save(volumeId, options) {
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ volumeId, options }, null, 2)}\n`, { flush: true });
      await rename(temp, file);
    },
  };
}

/** In memory, for tests and for nodes that cannot write their state directory. */
export function memoryAppliedOptions(): AppliedOptionsStore {
  const byVolume = new Map<string, AppliedOptions>();
  return {
    load: async (volumeId) => byVolume.get(volumeId) ?? {},
    save: async (volumeId, options) => {
      byVolume.set(volumeId, { ...options });
    },
  };
}
