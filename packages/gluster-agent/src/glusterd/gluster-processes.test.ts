import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { type GlusterProcess, listGlusterProcesses, stopGlusterProcesses } from './gluster-processes.js';

const logger = createLogger({ name: 'test', level: 'silent' });
let proc: string | undefined;
afterEach(() => {
  if (proc) rmSync(proc, { recursive: true, force: true });
});

function fakeProc(processes: Record<string, string[]>): string {
  proc = mkdtempSync(join(tmpdir(), 'ga-proc-'));
  for (const [pid, argv] of Object.entries(processes)) {
    mkdirSync(join(proc, pid));
    writeFileSync(join(proc, pid, 'cmdline'), `${argv.join('\0')}\0`);
  }
  mkdirSync(join(proc, 'self'));
  return proc;
}

describe('listGlusterProcesses', () => {
  it('finds bricks (glusterfsd) and volume daemons (glusterfs) but not glusterd or others', async () => {
    const root = fakeProc({
      '7': ['glusterd', '-N'],
      '21': [
        '/usr/sbin/glusterfsd',
        '-s',
        'gluster01',
        '--volfile-id',
        'ranchervol.gluster01.gluster_volume-brick',
      ],
      '35': ['/usr/sbin/glusterfs', '-s', 'localhost', '--volfile-id', 'shd/ranchervol'],
      '40': ['node', 'gluster-agent.mjs'],
    });
    const found = await listGlusterProcesses(root);
    expect(found.map(({ pid, kind }) => ({ pid, kind })).sort((a, b) => a.pid - b.pid)).toEqual([
      { pid: 21, kind: 'brick' },
      { pid: 35, kind: 'daemon' },
    ]);
  });
});

describe('stopGlusterProcesses', () => {
  it('reports a clean stop when nothing is running', async () => {
    expect(await stopGlusterProcesses({ logger, timeoutMs: 1000, list: async () => [] })).toBe(true);
  });

  it('gives up waiting after the timeout and reports an unclean stop', async () => {
    const clock = new ManualClock();
    // A pid that cannot exist, so the real kill calls hit nothing (ESRCH is tolerated).
    const stubborn: GlusterProcess[] = [{ pid: 2 ** 22 + 11, kind: 'brick', command: 'glusterfsd' }];
    const result = stopGlusterProcesses({ logger, timeoutMs: 500, clock, list: async () => stubborn });
    await clock.advance(600);
    expect(await result).toBe(false);
  });
});
