import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from '@gluster-asteroids/agent-runtime';

/**
 * Maintenance: the agent leaves the volume alone (it still observes and reports) while an
 * operator works by hand, until handed control back. Three switches, the first that is on wins:
 * the GLUSTER_MAINTENANCE variable (from the start, for a node that must not act at all), this
 * node's flag file (`gluster-agent maintenance on`), and the volume option below (`... on --all`:
 * every node's agent, through glusterd's own copy of the volume definition).
 */
export interface Maintenance {
  on: boolean;
  /** Which switch is on: the variable, this node's flag, or the volume-wide option. */
  by?: 'GLUSTER_MAINTENANCE' | 'node' | 'volume';
  /** ISO time it was turned on, where known. */
  since?: string;
  /** The operator's words. */
  reason?: string;
}

/** This node's flag, in the state directory: a restart of the container stays in maintenance. */
export const MAINTENANCE_FILE = '/var/lib/glusterd/gluster-asteroids/maintenance.json';

/** The volume option that puts every node's agent in maintenance (user.* options are free text). */
export const MAINTENANCE_OPTION = 'user.gluster-asteroids.maintenance';

/** The option's value once maintenance of every node is over (gluster cannot reset user.* options). */
export const MAINTENANCE_OFF = 'off';

/** What this node's flag file holds. */
export interface NodeFlag {
  since: string;
  reason?: string;
}

/**
 * The volume option's value: the time it was turned on (`gluster-agent maintenance on --all`;
 * `volume set` takes no spaces), or any words an operator set by hand.
 */
function parseVolumeFlag(value: string): NodeFlag {
  const [since = '', ...words] = value.trim().split(/\s+/);
  return Number.isNaN(Date.parse(since))
    ? { since: '', reason: value.trim() }
    : { since, ...(words.length > 0 ? { reason: words.join(' ') } : {}) };
}

/** The maintenance in force, from the three switches (the first that is on wins). */
export function maintenanceFrom(sources: {
  variable: boolean;
  node: NodeFlag | undefined;
  volumeOption: string | undefined;
}): Maintenance {
  if (sources.variable) return { on: true, by: 'GLUSTER_MAINTENANCE' };
  if (sources.node) return { on: true, by: 'node', ...sources.node };
  const volumeOption = sources.volumeOption?.trim();
  if (volumeOption && volumeOption !== MAINTENANCE_OFF) {
    const flag = parseVolumeFlag(volumeOption);
    return {
      on: true,
      by: 'volume',
      ...(flag.since ? { since: flag.since } : {}),
      ...(flag.reason ? { reason: flag.reason } : {}),
    };
  }
  return { on: false };
}

/** One sentence for /readyz and the log: who put the agent in maintenance and how to end it. */
export function maintenanceNotice(maintenance: Maintenance): string | undefined {
  if (!maintenance.on) return undefined;
  const why = `${maintenance.reason ? ` (${maintenance.reason})` : ''}${maintenance.since ? ` since ${maintenance.since}` : ''}`;
  const end = {
    GLUSTER_MAINTENANCE: 'unset GLUSTER_MAINTENANCE and recreate the container',
    node: 'gluster-agent maintenance off',
    volume: 'gluster-agent maintenance off --all',
  }[maintenance.by ?? 'node'];
  return `maintenance${why}: the agent observes and reports but leaves the volume alone; hand control back with: ${end}`;
}

/** This node's flag, or undefined when there is none (an unreadable file counts as a flag). */
export async function readNodeFlag(file = MAINTENANCE_FILE): Promise<NodeFlag | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Present but unreadable: an operator meant something; acting on a guess is worse.
    return { since: '', reason: `${file} is unreadable (${(error as Error).message})` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<NodeFlag>;
    return {
      since: typeof parsed.since === 'string' ? parsed.since : '',
      ...(typeof parsed.reason === 'string' && parsed.reason ? { reason: parsed.reason } : {}),
    };
  } catch {
    return { since: '', reason: `${file} is not JSON; it still counts as maintenance` };
  }
}

/** Sets this node's flag (replacing one that is there). */
export async function writeNodeFlag(flag: NodeFlag, file = MAINTENANCE_FILE): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, `${JSON.stringify(flag)}\n`);
}

/** Removes this node's flag; true when there was one. */
export async function clearNodeFlag(file = MAINTENANCE_FILE): Promise<boolean> {
  const had = (await readNodeFlag(file)) !== undefined;
  await rm(file, { force: true });
  return had;
}

/**
 * Calls `onChange` within `intervalMs` of this node's flag appearing, changing or going (one
 * small read a second), so `gluster-agent maintenance on` is acknowledged at once rather than at
 * the next reconcile round. Returns a function that stops watching.
 */
export function watchNodeFlag(onChange: () => void, intervalMs = 1_000, file = MAINTENANCE_FILE): () => void {
  let last: string | undefined;
  let first = true;
  const timer = setInterval(() => {
    void readNodeFlag(file).then((flag) => {
      const now = JSON.stringify(flag ?? null);
      if (!first && now !== last) onChange();
      first = false;
      last = now;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
