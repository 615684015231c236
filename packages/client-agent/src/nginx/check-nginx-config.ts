import { CommandError, type CommandRunner, tailOf } from '@gluster-asteroids/agent-runtime';
import { NginxError } from './nginx-errors.js';

/** Options of {@link checkNginxConfig}. */
export interface CheckNginxConfigOptions {
  /** The nginx binary. */
  nginx?: string;
  /** Kill `nginx -t` after this long; it only parses files, so 10 s is generous. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The arguments that run nginx on a rendered file: `-e stderr` so nginx never opens its
 * compiled-in error log (outside the run directory) before reading the file.
 */
export function nginxArgs(confPath: string): string[] {
  return ['-e', 'stderr', '-c', confPath];
}

/**
 * Runs `nginx -t` on a rendered configuration before nginx is started with it. Throws
 * GA_NGINX_CONFIG_INVALID with nginx's own message when nginx rejects the file; a missing
 * binary or a timeout keeps the runner's CommandError.
 */
export async function checkNginxConfig(
  confPath: string,
  runner: CommandRunner,
  options: CheckNginxConfigOptions = {},
): Promise<void> {
  const output = await runner(options.nginx ?? 'nginx', ['-t', '-q', ...nginxArgs(confPath)], {
    timeoutMs: options.timeoutMs ?? 10_000,
    rejectOnExitCode: false,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (output.exitCode === 0) return;
  const said = tailOf(output.stderr || output.stdout) || `exit code ${output.exitCode}`;
  throw new NginxError(
    'GA_NGINX_CONFIG_INVALID',
    `nginx rejected the configuration ${confPath}: ${said}. This is a bug or an nginx without a needed module; report it with this message.`,
    { cause: new CommandError('GA_COMMAND_FAILED', said, output) },
  );
}
