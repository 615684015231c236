import { open } from 'node:fs/promises';

/** glusterd's log of every CLI command this node ran, with its outcome. */
export const COMMAND_HISTORY_LOG = '/var/log/glusterfs/cmd_history.log';

/** How much of the end of the log is read: each line is ~150 bytes, a reset is recent. */
const TAIL_BYTES = 256 * 1024;

/** An operator's `reset-brick ... start` not yet committed: the brick, and the log line's time. */
export interface ResetStart {
  brick: string;
  at: string;
}

/**
 * Bricks of `volume` an operator took out with `reset-brick ... start` on this node and has not
 * committed yet, as "host:path". glusterd keeps that state only in memory (the brick is simply
 * stopped), so its command history is the one place that tells such a brick from one whose
 * process died: the agent restarts the latter and must leave the former alone.
 */
export async function resetStarts(volume: string, logFile = COMMAND_HISTORY_LOG): Promise<ResetStart[]> {
  const pending = new Map<string, string>();
  for (const line of (await readTail(logFile)).split('\n')) {
    const match =
      /^\[([^\]]+)\]\s+: volume reset-brick (\S+) (\S+) (start|\S+ commit(?: force)?) : SUCCESS/.exec(line);
    if (!match || match[2] !== volume) continue;
    const brick = match[3] as string;
    if (match[4] === 'start') pending.set(brick, match[1] as string);
    else pending.delete(brick);
  }
  return [...pending].map(([brick, at]) => ({ brick, at }));
}

/**
 * The resets still in progress. An operator may also undo a reset (`volume start VOL force`), and
 * glusterd starts the brick again when it restarts: a reset whose brick has been seen running
 * since is over, which only a memory across rounds can tell, since the history keeps the line.
 */
export class OperatorResets {
  private readonly over = new Set<string>();
  /** Every start seen, so one that has scrolled out of the log's tail is not forgotten. */
  private readonly seen = new Map<string, ResetStart>();

  /** The bricks of `starts` (and of earlier looks) still being reset, given which bricks run now. */
  inProgress(starts: readonly ResetStart[], running: (brick: string) => boolean): string[] {
    for (const start of starts) this.seen.set(`${start.at} ${start.brick}`, start);
    const pending = new Set<string>();
    for (const [key, start] of this.seen) {
      if (running(start.brick)) this.over.add(key);
      if (this.over.has(key)) this.seen.delete(key);
      else pending.add(start.brick);
    }
    return [...pending];
  }
}

async function readTail(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
    return buffer.toString('utf8');
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}
