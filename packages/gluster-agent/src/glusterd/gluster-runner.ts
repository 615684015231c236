import { type CommandRunner as RuntimeRunner, runCommand } from '@gluster-asteroids/agent-runtime';
import type { CommandRunner } from '../cli/runner.js';

/**
 * Connects the gluster CLI facade to the shared command runner: argument arrays, timeouts and
 * cancellation come from the runtime; a non-zero exit is returned (the facade parses gluster's
 * own error from the XML) rather than thrown.
 */
export function glusterRunner(run: RuntimeRunner = runCommand): CommandRunner {
  return async (command, args, options) => {
    const output = await run(command, args, {
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      rejectOnExitCode: false,
    });
    return { stdout: output.stdout, stderr: output.stderr, exitCode: output.exitCode ?? 1 };
  };
}
