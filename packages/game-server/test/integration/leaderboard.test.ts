import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parseBoard } from '../../src/server/leaderboard/board.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/leaderboard-writer.ts', import.meta.url));

function run(script: string, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('leaderboard shared between processes', () => {
  it('keeps every score when two processes write the same file at the same time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lb-procs-'));
    const script = join(dir, 'writer.mjs');
    await build({
      entryPoints: [FIXTURE],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    // The directory exists, as the client-agent guarantees on the volume.
    await mkdir(join(dir, 'volume'));
    const path = join(dir, 'volume', 'leaderboard.json');
    const codes = await Promise.all([run(script, [path, 'a', '25']), run(script, [path, 'b', '25'])]);
    expect(codes).toEqual([0, 0]);
    const names = parseBoard(await readFile(path, 'utf8')).map((e) => e.name);
    expect(names).toHaveLength(50);
    for (let i = 0; i < 25; i++) expect(names).toEqual(expect.arrayContaining([`a${i}`, `b${i}`]));
  });
});
