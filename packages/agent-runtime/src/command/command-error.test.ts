import { describe, expect, it } from 'vitest';
import { CommandError, type CommandOutput, commandSaid } from './command-error.js';

const output = (stdout: string, stderr: string): CommandOutput => ({
  command: 'git',
  args: ['clone', 'x'],
  exitCode: 128,
  signal: undefined,
  stdout,
  stderr,
  durationMs: 5,
});

describe('commandSaid', () => {
  it("gives a failed command's stderr, trimmed", () => {
    expect(commandSaid(CommandError.failed(output('ignored', "fatal: repository 'x' not found\n")))).toBe(
      "fatal: repository 'x' not found",
    );
  });

  it('gives its stdout when stderr is empty (mount.glusterfs prints there)', () => {
    expect(commandSaid(CommandError.failed(output('Mount failed.\n', '')))).toBe('Mount failed.');
  });

  it('gives the text of any other error', () => {
    expect(commandSaid(new Error('ENOSPC'))).toBe('Error: ENOSPC');
  });
});
