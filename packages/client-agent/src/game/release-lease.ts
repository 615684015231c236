import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Clock, type Logger, systemClock } from '@gluster-asteroids/agent-runtime';

/** How leases are kept; one place, so the pruner and the renewer agree. */
export const LEASE_DEFAULTS = {
  /** How often a container rewrites its lease. */
  renewMs: 60_000,
  /**
   * A lease not renewed for this long is dead: ten missed renewals, so a storage hiccup or a
   * clock a few minutes off between hosts never makes a running container's release prunable.
   */
  expiryMs: 600_000,
} as const;

/** The content of a lease file, for people reading it; the pruner needs only its name and age. */
export interface Lease {
  holder: string;
  version: string;
  /** ISO time of the last renewal, by the holder's clock. */
  renewedAt: string;
}

/** A lease file as read back. */
export interface LeaseFile {
  name: string;
  /** The version it claims, from its name. */
  version: string;
  /** Its last renewal (epoch ms): `renewedAt`, or the file's mtime when the content is unreadable. */
  renewedAtMs: number;
}

const LEASE_NAME = /@([0-9a-f]{40}|[0-9a-f]{64})\.json$/;

/**
 * One file per container and version, the version in the name: containers sharing a host name
 * never overwrite another version's lease, and a lease read while it is rewritten still names it.
 */
export function leaseFileName(holder: string, version: string): string {
  return `${holder.replace(/[^A-Za-z0-9._-]/g, '_')}@${version}.json`;
}

function renewedAt(text: string): number {
  try {
    return Date.parse(String((JSON.parse(text) as Partial<Lease>).renewedAt));
  } catch {
    return Number.NaN;
  }
}

/** Every lease file in `leasesDir` (none when it does not exist). */
export async function readLeases(leasesDir: string): Promise<LeaseFile[]> {
  const names = await readdir(leasesDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = await Promise.all(
    names.map(async (name): Promise<LeaseFile | undefined> => {
      const version = LEASE_NAME.exec(name)?.[1];
      if (!version) return undefined;
      const path = join(leasesDir, name);
      try {
        const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
        const at = renewedAt(text);
        return { name, version, renewedAtMs: Number.isNaN(at) ? info.mtimeMs : at };
      } catch {
        return undefined; // removed meanwhile by a pruner: it was dead
      }
    }),
  );
  return files.filter((file) => file !== undefined);
}

/**
 * Writes a lease in place, creating its directory when missing and `createDir` says so (the
 * claim at install, on a volume just checked to be mounted; never a renewal: during an outage the
 * directory is missing because nothing is mounted, and creating it would write the lease onto the
 * container's own disk, hidden under the next mount). Not atomically (a temporary file renamed
 * over it): on the volume that costs a create, a chmod and a rename, each a locked round trip to
 * every brick (~35 ms measured, against ~15 ms), and a half-written lease still names its version
 * and is dated by its mtime.
 */
export async function writeLeaseFile(path: string, content: string, createDir = true): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !createDir) throw error;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Options of {@link ReleaseLease}. */
export interface ReleaseLeaseOptions {
  leasesDir: string;
  /** This container (its host name). */
  holder: string;
  version: string;
  logger: Logger;
  /** Default LEASE_DEFAULTS.renewMs. */
  intervalMs?: number;
  /** Drives the renewal interval (virtual time in tests). */
  clock?: Clock;
  /** Wall time written into the lease (epoch ms), compared by other containers. */
  now?: () => number;
  /** Writes the lease file (default writeLeaseFile). */
  write?: (path: string, content: string, createDir: boolean) => Promise<void>;
}

/**
 * This container's claim on the release it serves: a small file under `<releases>/.leases`
 * rewritten every minute. The pruner of another container never removes a version with a live
 * lease, so a container of an older image keeps its game during a rolling upgrade.
 */
export class ReleaseLease {
  readonly path: string;
  private readonly options: ReleaseLeaseOptions;
  private stopper: AbortController | undefined;

  constructor(options: ReleaseLeaseOptions) {
    this.options = options;
    this.path = join(options.leasesDir, leaseFileName(options.holder, options.version));
  }

  get version(): string {
    return this.options.version;
  }

  /** Writes the lease now (creating its directory only with `createDir`); throws when it cannot. */
  async renew(createDir = true): Promise<void> {
    const { holder, version } = this.options;
    const lease: Lease = {
      holder,
      version,
      renewedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    };
    await (this.options.write ?? writeLeaseFile)(this.path, `${JSON.stringify(lease)}\n`, createDir);
  }

  /**
   * Renews every interval until stopped, or until `signal` aborts (the agent's stop); a failed
   * renewal is logged at warn and retried at the next interval. While `mounted` says no (an
   * outage), no renewal is tried: nothing is written under an unmounted mount point, and a lease
   * lives ten intervals, longer than the watchdog takes to remount.
   */
  start(signal?: AbortSignal, mounted: () => Promise<boolean> = async () => true): void {
    if (this.stopper) return;
    const stopper = new AbortController();
    this.stopper = stopper;
    signal?.addEventListener('abort', () => stopper.abort(), { once: true });
    const clock = this.options.clock ?? systemClock;
    const intervalMs = this.options.intervalMs ?? LEASE_DEFAULTS.renewMs;
    void (async () => {
      for (;;) {
        try {
          await clock.sleep(intervalMs, stopper.signal);
        } catch {
          return; // stopped
        }
        if (!(await mounted().catch(() => false))) continue;
        await this.renew(false).catch((error: unknown) =>
          this.options.logger.warn(
            { err: error, lease: this.path },
            "could not renew this container's lease on its game release; trying again at the next interval",
          ),
        );
      }
    })();
  }

  /**
   * Stops renewing (returns at once: a renewal stuck on a hung mount must not hold up the stop).
   * The file stays: the lease dies by age, and a restarted container renews it.
   */
  stop(): void {
    this.stopper?.abort();
    this.stopper = undefined;
  }
}
