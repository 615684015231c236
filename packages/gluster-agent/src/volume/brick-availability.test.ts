import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { parseVolumeStatus } from '../cli/volume-status.js';
import { parseVolumeInfo, type VolumeInfo } from '../cli/volumes.js';
import { brickAvailability } from './brick-availability.js';

const info = parseVolumeInfo(envelopeOf('volume-info-replica3'))[0] as VolumeInfo;

describe('brickAvailability', () => {
  it('reports every brick running when all are online', () => {
    const bricks = brickAvailability(info, parseVolumeStatus(envelopeOf('volume-status-all-online')));
    expect(bricks.map((brick) => brick.state)).toEqual(['running', 'running', 'running']);
    expect(bricks[0]).toMatchObject({
      host: 'gxml-1',
      online: true,
      pid: 542,
      port: 49456,
      isArbiter: false,
    });
  });

  it('reports the brick of a stopped node as offline and unreported although status omits it', () => {
    const bricks = brickAvailability(info, parseVolumeStatus(envelopeOf('volume-status-one-brick-down')));
    expect(bricks.map((brick) => [brick.host, brick.online, brick.state])).toEqual([
      ['gxml-1', true, 'running'],
      ['gxml-2', true, 'running'],
      ['gxml-3', false, 'unreported'],
    ]);
  });

  it('reports a killed brick process as stopped', () => {
    const bricks = brickAvailability(
      info,
      parseVolumeStatus(envelopeOf('volume-status-brick-process-killed')),
    );
    expect(bricks.find((brick) => brick.host === 'gxml-2')).toMatchObject({
      online: false,
      state: 'stopped',
      pid: -1,
    });
  });

  it('reports every brick unreported without a status (volume not started)', () => {
    expect(brickAvailability(info, undefined).every((brick) => brick.state === 'unreported')).toBe(true);
  });
});
