import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ManualClock } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it, vi } from 'vitest';
import { leaseFileName, ReleaseLease, writeLeaseFile } from './release-lease.js';

const VERSION = 'a'.repeat(40);

function setup(write: (path: string, content: string, createDir: boolean) => Promise<void>) {
  const clock = new ManualClock();
  const logger = createLogger({ name: 'test', level: 'silent' });
  const warn = vi.spyOn(logger, 'warn');
  let wall = Date.parse('2026-12-01T12:00:00Z');
  const lease = new ReleaseLease({
    leasesDir: '/vol/asteroids/releases/.leases',
    holder: 'web-1',
    version: VERSION,
    logger,
    intervalMs: 60_000,
    clock,
    now: () => wall,
    write,
  });
  const tick = (ms: number) => {
    wall += ms;
    return clock.advance(ms);
  };
  return { lease, warn, tick };
}

describe('ReleaseLease', () => {
  it('renews only while the volume is mounted, and a renewal never creates the directory', async () => {
    const writes: boolean[] = [];
    const { lease, tick } = setup(async (_path, _content, createDir) => void writes.push(createDir));
    let mounted = true;
    lease.start(undefined, async () => mounted);
    await tick(60_000);
    mounted = false;
    await tick(60_000);
    await tick(60_000);
    mounted = true;
    await tick(60_000);
    lease.stop();
    expect(writes).toEqual([false, false]);
  });

  it('writeLeaseFile without createDir leaves a missing directory missing (an unmounted mount point)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ga-lease-'));
    try {
      const path = join(root, 'releases', '.leases', 'web-1.json');
      await expect(writeLeaseFile(path, '{}', false)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await readdir(root)).toEqual([]);
      await writeLeaseFile(path, '{}', true);
      expect(await readdir(join(root, 'releases', '.leases'))).toEqual(['web-1.json']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('writes {holder, version, renewedAt} to its own file, and again every interval until stopped', async () => {
    const writes: [string, string][] = [];
    const { lease, tick } = setup(async (path, content) => void writes.push([path, content]));
    await lease.renew();
    lease.start();
    await tick(60_000);
    await tick(60_000);
    lease.stop();
    await tick(180_000);
    expect(writes.map(([path]) => path)).toEqual(
      Array(3).fill(`/vol/asteroids/releases/.leases/web-1@${VERSION}.json`),
    );
    expect(writes.map(([, content]) => JSON.parse(content))).toEqual([
      { holder: 'web-1', version: VERSION, renewedAt: '2026-12-01T12:00:00.000Z' },
      { holder: 'web-1', version: VERSION, renewedAt: '2026-12-01T12:01:00.000Z' },
      { holder: 'web-1', version: VERSION, renewedAt: '2026-12-01T12:02:00.000Z' },
    ]);
  });

  it("stops renewing when the agent's stop signal aborts", async () => {
    const writes: string[] = [];
    const { lease, tick } = setup(async (path) => void writes.push(path));
    const stopping = new AbortController();
    lease.start(stopping.signal);
    await tick(60_000);
    stopping.abort();
    await tick(600_000);
    expect(writes).toHaveLength(1);
  });

  it('warns when a renewal fails and renews again at the next interval', async () => {
    let fail = true;
    const written: string[] = [];
    const { lease, tick, warn } = setup(async (_path, content) => {
      if (fail) throw new Error('Transport endpoint is not connected');
      written.push(content);
    });
    lease.start();
    await tick(60_000);
    expect(warn).toHaveBeenCalledTimes(1);
    fail = false;
    await tick(60_000);
    expect(written).toHaveLength(1);
    lease.stop();
  });

  it('names files by holder and version, with nothing of the host name that could leave the directory', () => {
    expect(leaseFileName('web-1.example.org', VERSION)).toBe(`web-1.example.org@${VERSION}.json`);
    expect(leaseFileName('../x/y', VERSION)).toBe(`.._x_y@${VERSION}.json`);
  });
});
