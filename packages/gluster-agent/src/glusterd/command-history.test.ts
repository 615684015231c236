import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperatorResets, resetStarts } from './command-history.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A cmd_history.log with these lines, in glusterd's own format. */
async function history(...lines: string[]): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'cmd-history-'));
  const file = join(dir, 'cmd_history.log');
  await writeFile(
    file,
    lines.map((line, i) => `[2026-12-02 14:59:0${i}.811861 +0000]  : ${line}\n`).join(''),
  );
  return file;
}

const BRICK = 'g2:/gluster_volume/brick';

describe('resetStarts', () => {
  it('reports a brick whose reset-brick start has not been committed yet', async () => {
    const file = await history(
      'volume status ranchervol : SUCCESS',
      `volume reset-brick ranchervol ${BRICK} start : SUCCESS`,
      'volume reset-brick othervol g2:/srv/b start : SUCCESS',
    );
    expect(await resetStarts('ranchervol', file)).toEqual([
      { brick: BRICK, at: '2026-12-02 14:59:01.811861 +0000' },
    ]);
  });

  it('forgets the reset once it is committed', async () => {
    const file = await history(
      `volume reset-brick ranchervol ${BRICK} start : SUCCESS`,
      `volume reset-brick ranchervol ${BRICK} ${BRICK} commit force : SUCCESS`,
    );
    expect(await resetStarts('ranchervol', file)).toEqual([]);
  });

  it('ignores failed commands and a log that does not exist', async () => {
    const failed = await history(`volume reset-brick ranchervol ${BRICK} start : FAILED : busy`);
    expect(await resetStarts('ranchervol', failed)).toEqual([]);
    expect(await resetStarts('ranchervol', '/nonexistent/cmd_history.log')).toEqual([]);
  });
});

describe('OperatorResets', () => {
  it('holds a reset until its brick is seen running again (start force, a glusterd restart)', () => {
    const resets = new OperatorResets();
    const starts = [{ brick: BRICK, at: 't1' }];
    expect(resets.inProgress(starts, () => false)).toEqual([BRICK]);
    expect(resets.inProgress(starts, () => true)).toEqual([]);
    // The brick dies later: that is no longer the operator's reset, and the agent may restart it.
    expect(resets.inProgress(starts, () => false)).toEqual([]);
    // A new reset of the same brick counts again.
    expect(resets.inProgress([{ brick: BRICK, at: 't2' }], () => false)).toEqual([BRICK]);
  });

  it('remembers a reset whose start line has scrolled out of the log tail it reads', () => {
    const resets = new OperatorResets();
    expect(resets.inProgress([{ brick: BRICK, at: 't1' }], () => false)).toEqual([BRICK]);
    expect(resets.inProgress([], () => false)).toEqual([BRICK]);
    expect(resets.inProgress([], () => true)).toEqual([]);
  });
});
