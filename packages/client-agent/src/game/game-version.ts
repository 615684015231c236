import { type CommandRunner, commandSaid, describeError } from '@gluster-asteroids/agent-runtime';

/** A commit id, SHA-1 or SHA-256: the version id of a game release and its directory's name. */
export const VERSION_PATTERN = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** git never asks for credentials on a terminal the agent does not have; it fails instead. */
export const GIT_ENV = { GIT_TERMINAL_PROMPT: '0' } as const;

/** The commit of HEAD in `git ls-remote <repo> HEAD` output, or undefined when there is none. */
export function parseRemoteHead(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    const [commit, ref] = line.trim().split(/\s+/);
    if (ref === 'HEAD' && commit && VERSION_PATTERN.test(commit)) return commit;
  }
  return undefined;
}

/**
 * The commit GAME_REPO's HEAD points at, asked without cloning: `git ls-remote` costs ~10 ms for
 * the image's own repository (a clone ~0.5 s), so every start can afford it to learn which game
 * version it ships. Throws (with git's words) when the repository cannot be asked.
 */
export async function readRemoteHead(
  repo: string,
  run: CommandRunner,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['ls-remote', '--', repo, 'HEAD'], {
      timeoutMs: options.timeoutMs,
      env: GIT_ENV,
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  } catch (error) {
    throw new Error(`git ls-remote ${repo} HEAD failed: ${commandSaid(error) || describeError(error)}`, {
      cause: error,
    });
  }
  const head = parseRemoteHead(stdout);
  if (!head) throw new Error(`git ls-remote ${repo} HEAD named no commit: ${JSON.stringify(stdout.trim())}`);
  return head;
}
