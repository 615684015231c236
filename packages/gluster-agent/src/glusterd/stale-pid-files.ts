import type { Dirent } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@gluster-asteroids/agent-runtime';
import { listGlusterProcesses } from './gluster-processes.js';

/** Where glusterd 11 keeps the pid files of the bricks and volume daemons it starts. */
export const GLUSTER_RUN_DIR = '/run/gluster';

/** Options of {@link removeStalePidFiles}. */
export interface RemoveStalePidFilesOptions {
  logger: Logger;
  /** Default {@link GLUSTER_RUN_DIR}. */
  runDir?: string;
  /** Default `/proc`. */
  procRoot?: string;
}

async function pidFilesUnder(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return pidFilesUnder(path);
      return entry.isFile() && entry.name.endsWith('.pid') ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Deletes the brick and volume-daemon pid files under /run/gluster that do not name a running
 * gluster process, before glusterd starts.
 *
 * Why: /run is part of the container's writable layer, so `docker restart` keeps the files of
 * the previous run, while the new run's PID namespace hands the same small numbers out again
 * (the brick is ~37 and the self-heal daemon ~55-62 in every run here). glusterd trusts them: at
 * start it sends SIGTERM to the pid in a self-heal daemon's "stale pid file" to stop it
 * (glusterd-shd-svc.c), and it skips starting a brick whose pid file names a live process. In a
 * new run that pid may be a brick thread, a gluster CLI call of this agent, or this agent.
 * Files of gluster processes that do run are kept: glusterd restarted by the supervisor must
 * still find its bricks.
 *
 * Returns the files removed.
 */
export async function removeStalePidFiles(options: RemoveStalePidFilesOptions): Promise<string[]> {
  const files = await pidFilesUnder(options.runDir ?? GLUSTER_RUN_DIR);
  if (files.length === 0) return [];
  const running = new Set((await listGlusterProcesses(options.procRoot)).map(({ pid }) => pid));
  const removed: string[] = [];
  for (const file of files) {
    const pid = Number.parseInt((await readFile(file, 'utf8').catch(() => '')).trim(), 10);
    if (running.has(pid)) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  if (removed.length > 0)
    options.logger.info(
      { files: removed },
      `removed ${removed.length} pid file(s) of gluster processes that no longer run (an earlier run of this container, or a restart)`,
    );
  return removed;
}
