import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type CommandRunner, commandSaid, describeError } from '@gluster-asteroids/agent-runtime';

/** Options of {@link copyGameTree}. */
export interface CopyGameTreeOptions {
  run: CommandRunner;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * `cp -R` of a game bundle's files (client/, server/, ...) into `target`, a new directory, leaving
 * out `.git`: a release needs the game, not its history, and on the volume every file is a round
 * trip to each brick. `cp` rather than fs.cp: a copy stuck on a hung mount is killed at the
 * deadline (modes kept, owners not).
 */
export async function copyGameTree(
  source: string,
  target: string,
  options: CopyGameTreeOptions,
): Promise<void> {
  try {
    const entries = (await readdir(source)).filter((entry) => entry !== '.git');
    await mkdir(target);
    if (entries.length === 0) return;
    await options.run('cp', ['-R', '--', ...entries.map((entry) => join(source, entry)), target], {
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new Error(
      `Could not copy the game from ${source} to ${target}: ${commandSaid(error) || describeError(error)}`,
      { cause: error },
    );
  }
}
