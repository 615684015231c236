import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandOutput, CommandRunner } from '@gluster-asteroids/agent-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLocalBrick } from './local-brick.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-brick-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** getfattr answering as it does on a brick with and without the stamp. */
function getfattr(answer: Partial<CommandOutput>): CommandRunner {
  return async (command, args) => ({
    command,
    args,
    exitCode: 0,
    signal: undefined,
    stdout: '',
    stderr: '',
    durationMs: 1,
    ...answer,
  });
}

describe('readLocalBrick', () => {
  it('says a brick directory that does not exist is missing, without running getfattr', async () => {
    const run: CommandRunner = async () => {
      throw new Error('not expected');
    };
    expect(await readLocalBrick(join(dir, 'brick'), run)).toEqual({ kind: 'missing' });
  });

  it("reads the volume-id stamp in the form `volume info` prints the volume's id", async () => {
    const run = getfattr({
      stdout: `# file: ${dir}\ntrusted.glusterfs.volume-id=0x56DF2BF32D1949FCA08F8709F6D3D937\n\n`,
    });
    expect(await readLocalBrick(dir, run)).toEqual({
      kind: 'stamped',
      volumeId: '56df2bf3-2d19-49fc-a08f-8709f6d3d937',
    });
  });

  it("counts what an unstamped brick holds, gluster's own .glusterfs aside", async () => {
    await mkdir(join(dir, '.glusterfs'));
    await writeFile(join(dir, 'index.html'), 'x');
    const run = getfattr({ exitCode: 1, stderr: `${dir}: trusted.glusterfs.volume-id: No such attribute\n` });
    expect(await readLocalBrick(dir, run)).toEqual({ kind: 'fresh', entries: 1 });
  });

  it('fails loudly when getfattr fails for another reason', async () => {
    const run = getfattr({ exitCode: 1, stderr: 'getfattr: Operation not supported\n' });
    await expect(readLocalBrick(dir, run)).rejects.toThrow(/Operation not supported/);
  });
});
