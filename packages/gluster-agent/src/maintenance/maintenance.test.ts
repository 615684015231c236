import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clearNodeFlag,
  maintenanceFrom,
  maintenanceNotice,
  readNodeFlag,
  watchNodeFlag,
  writeNodeFlag,
} from './maintenance.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ga-maintenance-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('maintenanceFrom', () => {
  it('is off with no switch on, and the first switch on wins: variable, node, volume', () => {
    expect(maintenanceFrom({ variable: false, node: undefined, volumeOption: undefined })).toEqual({
      on: false,
    });
    const node = { since: '2026-12-07T14:00:00.000Z', reason: 'new disk' };
    expect(maintenanceFrom({ variable: true, node, volumeOption: 'x' })).toEqual({
      on: true,
      by: 'GLUSTER_MAINTENANCE',
    });
    expect(maintenanceFrom({ variable: false, node, volumeOption: 'x' })).toEqual({
      on: true,
      by: 'node',
      ...node,
    });
    expect(
      maintenanceFrom({ variable: false, node: undefined, volumeOption: '2026-12-07T14:00:00.000Z' }),
    ).toEqual({
      on: true,
      by: 'volume',
      since: '2026-12-07T14:00:00.000Z',
    });
  });

  it('takes any words an operator set on the volume by hand as the reason, and an empty value as off', () => {
    expect(maintenanceFrom({ variable: false, node: undefined, volumeOption: 'disk swap' })).toEqual({
      on: true,
      by: 'volume',
      reason: 'disk swap',
    });
    expect(maintenanceFrom({ variable: false, node: undefined, volumeOption: ' ' })).toEqual({ on: false });
    expect(maintenanceFrom({ variable: false, node: undefined, volumeOption: 'off' })).toEqual({ on: false });
  });
});

describe('maintenanceNotice', () => {
  it('says who holds the agent and the exact way to hand control back', () => {
    expect(maintenanceNotice({ on: false })).toBeUndefined();
    expect(maintenanceNotice({ on: true, by: 'node', since: 'T', reason: 'new disk' })).toBe(
      'maintenance (new disk) since T: the agent observes and reports but leaves the volume alone; ' +
        'hand control back with: gluster-agent maintenance off',
    );
    expect(maintenanceNotice({ on: true, by: 'volume' })).toMatch(/maintenance off --all$/);
    expect(maintenanceNotice({ on: true, by: 'GLUSTER_MAINTENANCE' })).toMatch(/unset GLUSTER_MAINTENANCE/);
  });
});

describe("this node's flag", () => {
  it('is written (directories made), read back and cleared', async () => {
    const file = join(dir, 'state/gluster-asteroids/maintenance.json');
    expect(await readNodeFlag(file)).toBeUndefined();
    await writeNodeFlag({ since: 'T', reason: 'new disk' }, file);
    expect(await readNodeFlag(file)).toEqual({ since: 'T', reason: 'new disk' });
    expect(await clearNodeFlag(file)).toBe(true);
    expect(await clearNodeFlag(file)).toBe(false);
    expect(await readNodeFlag(file)).toBeUndefined();
  });

  it('counts a file it cannot parse as maintenance, saying so: an operator meant something', async () => {
    const file = join(dir, 'maintenance.json');
    await writeFile(file, 'yes please');
    expect(await readNodeFlag(file)).toMatchObject({ reason: expect.stringContaining('not JSON') });
  });

  it('is watched: a flag that appears or goes is noticed within the interval', async () => {
    const file = join(dir, 'maintenance.json');
    let changes = 0;
    const stop = watchNodeFlag(() => changes++, 20, file);
    try {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await writeNodeFlag({ since: 'T' }, file);
      await expect.poll(() => changes, { timeout: 2_000, interval: 10 }).toBe(1);
      await clearNodeFlag(file);
      await expect.poll(() => changes, { timeout: 2_000, interval: 10 }).toBe(2);
    } finally {
      stop();
    }
  });
});
