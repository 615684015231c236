import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, type CommandRunner } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWrite } from './write-check.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A runner whose dd fails as dd does: exit 1 and the errno's text on stderr. */
function ddFails(stderr: string): CommandRunner {
  return async (command, args) => {
    const output = { command, args, exitCode: 1, signal: undefined, stdout: '', stderr, durationMs: 1 };
    throw CommandError.failed(output);
  };
}

describe('checkWrite', () => {
  it('writes, syncs and removes a real file: writable, and nothing is left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ga-write-check-'));
    dirs.push(dir);
    expect(await checkWrite(dir, { timeoutMs: 5_000 })).toEqual({ writable: true });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says why a write failed, by what dd printed', async () => {
    const cases: Array<[string, string]> = [
      ["dd: error writing '/mnt/v/.ga-write-check-a': No space left on device", 'full'],
      ["dd: fsync failed for '/mnt/v/.ga-write-check-a': Disk quota exceeded", 'full'],
      ["dd: failed to open '/mnt/v/.ga-write-check-a': Read-only file system", 'read-only'],
      ["dd: failed to open '/mnt/v/.ga-write-check-a': Permission denied", 'not-permitted'],
      ["dd: failed to open '/mnt/v/.ga-write-check-a': Transport endpoint is not connected", 'disconnected'],
      ["dd: failed to open '/mnt/v/.ga-write-check-a': Input/output error", 'failed'],
    ];
    for (const [stderr, problem] of cases) {
      const check = await checkWrite('/mnt/v', { timeoutMs: 1_000, run: ddFails(stderr) });
      expect(check, stderr).toMatchObject({ writable: false, problem, detail: stderr });
    }
  });

  it('a write that does not finish in time is "hung"', async () => {
    const check = await checkWrite('/mnt/v', {
      timeoutMs: 1_000,
      run: async (command, args, options) => {
        const output = {
          command,
          args,
          exitCode: undefined,
          signal: 'SIGTERM' as const,
          stdout: '',
          stderr: '',
          durationMs: 1_000,
        };
        throw CommandError.timedOut(output, options.timeoutMs);
      },
    });
    expect(check).toMatchObject({ writable: false, problem: 'hung' });
  });

  it('a directory that is not there fails, creating nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ga-write-check-'));
    dirs.push(dir);
    const check = await checkWrite(join(dir, 'missing'), { timeoutMs: 5_000 });
    expect(check).toMatchObject({ writable: false, problem: 'failed' });
    expect(await readdir(dir)).toEqual([]);
  });
});
