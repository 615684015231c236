import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStalePidFiles } from './stale-pid-files.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A fake /proc with these pids and command lines. */
function fakeProc(processes: Record<number, string[]>): string {
  const proc = tempDir('ga-proc-');
  for (const [pid, argv] of Object.entries(processes)) {
    mkdirSync(join(proc, pid));
    writeFileSync(join(proc, pid, 'cmdline'), `${argv.join('\0')}\0`);
  }
  return proc;
}

/** A fake /run/gluster as glusterd 11 lays it out, with these pids in its files. */
function fakeRunDir(brickPid: number, shdPid: number): { runDir: string; brick: string; shd: string } {
  const runDir = tempDir('ga-run-');
  mkdirSync(join(runDir, 'vols', 'ranchervol'), { recursive: true });
  mkdirSync(join(runDir, 'shd', 'ranchervol'), { recursive: true });
  const brick = join(runDir, 'vols', 'ranchervol', 'gluster01-gluster_volume-brick.pid');
  const shd = join(runDir, 'shd', 'ranchervol', 'ranchervol-shd.pid');
  writeFileSync(brick, `${brickPid}\n`);
  writeFileSync(shd, `${shdPid}\n`);
  writeFileSync(join(runDir, 'a1b2c3.socket'), '');
  return { runDir, brick, shd };
}

describe('removeStalePidFiles', () => {
  it('removes pid files whose pid is now another process (the agent after a docker restart)', async () => {
    const { runDir, brick, shd } = fakeRunDir(32, 61);
    const procRoot = fakeProc({ 32: ['glusterd', '-N'], 61: ['node', 'gluster-agent.mjs'] });
    const removed = await removeStalePidFiles({ logger, runDir, procRoot });
    expect(removed.sort()).toEqual([brick, shd].sort());
    expect(existsSync(brick) || existsSync(shd)).toBe(false);
    expect(existsSync(join(runDir, 'a1b2c3.socket'))).toBe(true);
  });

  it('removes pid files of processes that are gone', async () => {
    const { runDir, brick } = fakeRunDir(32, 61);
    const removed = await removeStalePidFiles({ logger, runDir, procRoot: fakeProc({}) });
    expect(removed).toContain(brick);
    expect(removed).toHaveLength(2);
  });

  it('keeps the files of gluster processes that still run (glusterd restarted in place)', async () => {
    const { runDir, brick, shd } = fakeRunDir(32, 61);
    const procRoot = fakeProc({
      32: [
        '/usr/sbin/glusterfsd',
        '-s',
        'gluster01',
        '--volfile-id',
        'ranchervol.gluster01.gluster_volume-brick',
      ],
      61: ['/usr/sbin/glusterfs', '-s', 'localhost', '--volfile-id', 'shd/ranchervol'],
    });
    expect(await removeStalePidFiles({ logger, runDir, procRoot })).toEqual([]);
    expect(existsSync(brick) && existsSync(shd)).toBe(true);
  });

  it('does nothing when glusterd never ran here', async () => {
    const runDir = join(tempDir('ga-run-'), 'gluster');
    expect(await removeStalePidFiles({ logger, runDir, procRoot: fakeProc({}) })).toEqual([]);
  });
});
