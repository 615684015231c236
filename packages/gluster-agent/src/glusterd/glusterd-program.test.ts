import { CommandError } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { replayRunner } from '../../test/gluster-fixtures.js';
import { GlusterCli } from '../cli/gluster-cli.js';
import type { CommandRunner } from '../cli/runner.js';
import { glusterdProgram } from './glusterd-program.js';

/**
 * The readiness check against a replayed CLI. The hang it guards against (a CLI started while
 * glusterd opens its socket waits 3 s in its reconnect timer) is a race of a few milliseconds
 * that a real glusterd hits only now and then, so the runner's own timeout error stands in for
 * it, as the real runner reports a killed command.
 */
function cliWhere(answers: ('hang' | string | Error)[]) {
  const replay = replayRunner(answers.filter((answer) => answer !== 'hang'));
  const timeouts: number[] = [];
  let call = 0;
  const run: CommandRunner = (command, args, options) => {
    timeouts.push(options.timeoutMs);
    if (answers[call++] !== 'hang') return replay.run(command, args, options);
    const output = {
      command,
      args,
      exitCode: undefined,
      signal: 'SIGTERM',
      stdout: '',
      stderr: '',
      durationMs: options.timeoutMs,
    };
    return Promise.reject(CommandError.timedOut(output, options.timeoutMs));
  };
  return { cli: new GlusterCli({ run }), timeouts };
}

describe('glusterdProgram readiness', () => {
  it('cuts a hanging first CLI call short, doubles the timeout after it, and keeps it after a quick refusal', async () => {
    const { cli, timeouts } = cliWhere(['hang', new Error('Connection failed'), 'pool-list-0-peers']);
    const spec = glusterdProgram({ cli, logLevel: 'info', readyTimeoutMs: 10_000 });
    await spec.ready?.(new AbortController().signal);
    expect(timeouts).toEqual([500, 1000, 1000]);
  });

  it('gives up with the last failure once the ready timeout has passed', async () => {
    const { cli } = cliWhere(Array.from({ length: 20 }, () => new Error('Connection failed')));
    const spec = glusterdProgram({ cli, logLevel: 'info', readyTimeoutMs: 200 });
    await expect(spec.ready?.(new AbortController().signal)).rejects.toThrow(/Connection failed/);
  });
});
