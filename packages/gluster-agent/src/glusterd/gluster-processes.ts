import { readdir, readFile } from 'node:fs/promises';
import { type Clock, type Logger, pollUntil, systemClock } from '@gluster-asteroids/agent-runtime';

/** A gluster daemon glusterd started (and left to run on its own, re-parented to tini). */
export interface GlusterProcess {
  pid: number;
  /** 'brick' (glusterfsd) or 'daemon' (glusterfs: self-heal and other volume daemons). */
  kind: 'brick' | 'daemon';
  command: string;
}

/** Lists glusterfsd/glusterfs processes by reading /proc (works when glusterd is already gone). */
export async function listGlusterProcesses(procRoot = '/proc'): Promise<GlusterProcess[]> {
  const found: GlusterProcess[] = [];
  for (const entry of await readdir(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = await readFile(`${procRoot}/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const argv = cmdline.split('\0').filter(Boolean);
    const program = argv[0]?.split('/').pop();
    if (program === 'glusterfsd') found.push({ pid: Number(entry), kind: 'brick', command: argv.join(' ') });
    else if (program === 'glusterfs')
      found.push({ pid: Number(entry), kind: 'daemon', command: argv.join(' ') });
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Options of {@link stopGlusterProcesses}. */
export interface StopGlusterProcessesOptions {
  logger: Logger;
  timeoutMs: number;
  clock?: Clock;
  list?: () => Promise<GlusterProcess[]>;
}

/**
 * Stops the local bricks and volume daemons with SIGTERM so their sockets close and clients
 * fail over at once (a vanished-but-open peer would stall them for network.ping-timeout), then
 * SIGKILLs what is left after the timeout. glusterd itself is stopped by the supervisor after.
 * Returns true when everything ended on SIGTERM.
 */
export async function stopGlusterProcesses(options: StopGlusterProcessesOptions): Promise<boolean> {
  const list = options.list ?? (() => listGlusterProcesses());
  const running = await list();
  if (running.length === 0) return true;
  options.logger.info(
    { processes: running.map(({ pid, kind }) => ({ pid, kind })) },
    `stopping ${running.length} local gluster process(es) (bricks, self-heal) with SIGTERM`,
  );
  for (const process of running) signal(process.pid, 'SIGTERM');
  try {
    await pollUntil(async () => (await list()).length === 0, {
      what: 'local bricks and volume daemons to exit',
      intervalMs: 50,
      timeoutMs: options.timeoutMs,
      clock: options.clock ?? systemClock,
    });
    return true;
  } catch {
    const left = await list();
    options.logger.warn(
      { processes: left.map(({ pid, kind }) => ({ pid, kind })) },
      `${left.length} gluster process(es) ignored SIGTERM for ${options.timeoutMs} ms: sending SIGKILL`,
    );
    for (const process of left) signal(process.pid, 'SIGKILL');
    return false;
  }
}
