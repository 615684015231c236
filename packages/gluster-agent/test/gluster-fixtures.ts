import { readFileSync } from 'node:fs';
import type { CommandResult, CommandRunner, CommandRunOptions } from '../src/cli/runner.js';
import { type CliEnvelope, parseEnvelope } from '../src/cli/xml.js';

const DIR = new URL('./fixtures/gluster-xml/', import.meta.url);

/** How a fixture was captured (`<name>.meta.json`, written by scripts/capture-one.sh). */
export interface FixtureMeta {
  container: string;
  args: string[];
  exitCode: number;
  stderr: string;
  durationMs: number;
}

/** The captured CLI answer `<name>.xml` with its exit code and stderr, as a runner would return it. */
export function fixture(name: string): CommandResult {
  const meta = fixtureMeta(name);
  return {
    stdout: readFileSync(new URL(`${name}.xml`, DIR), 'utf8'),
    stderr: meta.stderr,
    exitCode: meta.exitCode,
  };
}

export function fixtureMeta(name: string): FixtureMeta {
  return JSON.parse(readFileSync(new URL(`${name}.meta.json`, DIR), 'utf8')) as FixtureMeta;
}

export interface RecordedCall {
  command: string;
  args: readonly string[];
  options: CommandRunOptions;
}

/** A runner that answers each call with the next fixture (or error) and records the calls. */
export function replayRunner(answers: (string | Error)[]): { run: CommandRunner; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const run: CommandRunner = async (command, args, options) => {
    calls.push({ command, args, options });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected call: ${command} ${args.join(' ')}`);
    if (answer instanceof Error) throw answer;
    return fixture(answer);
  };
  return { run, calls };
}

/** The parsed envelope of fixture `name`, as the facade would hand it to a parser. */
export function envelopeOf(name: string): CliEnvelope {
  return parseEnvelope(fixture(name), fixtureMeta(name).args);
}
