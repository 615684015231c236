import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertStateComplete, findUnknownBrickPeers } from './partial-state.js';

let state: string;
const SELF = '9eeb2a18-d025-47f9-ba2b-3450f406875e';
const PEER = '42ad5822-8e3e-4f93-94af-9d70d4e54268';

beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'glusterd-state-'));
  await writeFile(join(state, 'glusterd.info'), `UUID=${SELF}\noperating-version=110000\n`);
  await mkdir(join(state, 'vols', 'ranchervol', 'bricks'), { recursive: true });
  await mkdir(join(state, 'peers'));
  const brick = (host: string, uuid: string) =>
    `uuid=${uuid}\nhostname=${host}\npath=/gluster_volume/brick\n`;
  await writeFile(
    join(state, 'vols/ranchervol/bricks/gluster01:-gluster_volume-brick'),
    brick('gluster01', SELF),
  );
  await writeFile(
    join(state, 'vols/ranchervol/bricks/gluster02:-gluster_volume-brick'),
    brick('gluster02', PEER),
  );
});
afterEach(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('partial glusterd state', () => {
  it('finds a brick whose peer is missing from peers/ (vols restored without peers)', async () => {
    expect(await findUnknownBrickPeers(state)).toEqual([
      { volume: 'ranchervol', host: 'gluster02', uuid: PEER },
    ]);
    await expect(assertStateComplete(state)).rejects.toMatchObject({ code: 'GA_STATE_PARTIAL' });
    await expect(assertStateComplete(state)).rejects.toThrow(/Restore peers\/ from the same backup/);
  });

  it('accepts complete state, and a node that has no state yet', async () => {
    await writeFile(join(state, 'peers', PEER), `uuid=${PEER}\nstate=3\nhostname1=gluster02\n`);
    await expect(assertStateComplete(state)).resolves.toBeUndefined();
    await expect(assertStateComplete(join(state, 'nothing-here'))).resolves.toBeUndefined();
  });
});
