import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/command/command-error.js';
import { runCommand } from '../../src/command/run-command.js';

const node = process.execPath;

async function failureOf(promise: Promise<unknown>): Promise<CommandError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CommandError) return error;
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('runCommand', () => {
  it('captures stdout and stderr of a successful command', async () => {
    const output = await runCommand(node, ['-e', "process.stdout.write('out');process.stderr.write('err')"], {
      timeoutMs: 10_000,
    });
    expect(output).toMatchObject({ stdout: 'out', stderr: 'err', exitCode: 0 });
  });

  it('passes arguments as an array, never through a shell', async () => {
    const output = await runCommand(node, ['-e', 'console.log(process.argv[1])', '$(echo pwned); `id`'], {
      timeoutMs: 10_000,
    });
    expect(output.stdout.trim()).toBe('$(echo pwned); `id`');
  });

  it('throws GA_COMMAND_FAILED with the exit code and the last output lines', async () => {
    const error = await failureOf(
      runCommand(node, ['-e', "console.error('volume create: failed: brick is busy');process.exit(2)"], {
        timeoutMs: 10_000,
      }),
    );
    expect(error.code).toBe('GA_COMMAND_FAILED');
    expect(error.message).toContain('exited with code 2');
    expect(error.message).toContain('brick is busy');
    expect(error.output.exitCode).toBe(2);
  });

  it('resolves with the output instead of throwing when asked to, for callers that parse failures', async () => {
    const output = await runCommand(node, ['-e', 'process.exit(1)'], {
      timeoutMs: 10_000,
      rejectOnExitCode: false,
    });
    expect(output.exitCode).toBe(1);
  });

  it('kills a command that outlives its timeout and says so', async () => {
    const error = await failureOf(runCommand(node, ['-e', 'setTimeout(()=>{}, 60000)'], { timeoutMs: 200 }));
    expect(error.code).toBe('GA_COMMAND_TIMEOUT');
    expect(error.message).toContain('did not finish within 200 ms');
  });

  it('cancels a command when its signal aborts', async () => {
    const controller = new AbortController();
    const running = runCommand(node, ['-e', 'setTimeout(()=>{}, 60000)'], {
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    expect((await failureOf(running)).code).toBe('GA_COMMAND_ABORTED');
  });

  it('reports a missing program as GA_COMMAND_NOT_FOUND', async () => {
    const error = await failureOf(runCommand('gluster-does-not-exist', ['--version'], { timeoutMs: 5_000 }));
    expect(error.code).toBe('GA_COMMAND_NOT_FOUND');
    expect(error.message).toContain('not installed');
  });
});
