import type { CommandOutput, CommandRunner } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it, vi } from 'vitest';
import { checkNginxConfig, nginxArgs } from './check-nginx-config.js';

function runnerAnswering(output: Partial<CommandOutput>) {
  return vi.fn<CommandRunner>(async (command, args) => ({
    command,
    args,
    exitCode: 0,
    signal: undefined,
    stdout: '',
    stderr: '',
    durationMs: 1,
    ...output,
  }));
}

describe('checkNginxConfig', () => {
  it('runs nginx -t on the file with an argument array and a timeout', async () => {
    const runner = runnerAnswering({ exitCode: 0 });
    await checkNginxConfig('/run/asteroids/nginx.conf', runner);
    expect(runner).toHaveBeenCalledWith(
      'nginx',
      ['-t', '-q', '-e', 'stderr', '-c', '/run/asteroids/nginx.conf'],
      expect.objectContaining({ timeoutMs: 10_000, rejectOnExitCode: false }),
    );
  });

  it("throws GA_NGINX_CONFIG_INVALID with nginx's own message when nginx rejects the file", async () => {
    const runner = runnerAnswering({
      exitCode: 1,
      stderr:
        'nginx: [emerg] unknown directive "bogus" in /run/asteroids/nginx.conf:3\n' +
        'nginx: configuration file /run/asteroids/nginx.conf test failed\n',
    });
    const error = await checkNginxConfig('/run/asteroids/nginx.conf', runner).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GA_NGINX_CONFIG_INVALID', exitsWith: 78 });
    expect((error as Error).message).toContain('unknown directive "bogus" in /run/asteroids/nginx.conf:3');
  });

  it('lets a missing nginx binary surface as the runner error', async () => {
    const missing = Object.assign(new Error('not installed'), { code: 'GA_COMMAND_NOT_FOUND' });
    const runner = vi.fn<CommandRunner>(async () => {
      throw missing;
    });
    await expect(checkNginxConfig('/x.conf', runner, { nginx: '/opt/nginx' })).rejects.toBe(missing);
    expect(runner.mock.calls[0]?.[0]).toBe('/opt/nginx');
  });
});

describe('nginxArgs', () => {
  it('points nginx at the file and keeps it off its compiled-in error log', () => {
    expect(nginxArgs('/run/a/nginx.conf')).toEqual(['-e', 'stderr', '-c', '/run/a/nginx.conf']);
  });
});
