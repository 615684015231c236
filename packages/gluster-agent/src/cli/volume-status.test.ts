import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { parseVolumeStatus } from './volume-status.js';

describe('parseVolumeStatus', () => {
  it('separates three online bricks from the three self-heal daemons', () => {
    const report = parseVolumeStatus(envelopeOf('volume-status-all-online'));
    expect(report.volume).toBe('gv3');
    expect(report.bricks).toEqual([
      {
        host: 'gxml-1',
        path: '/gluster_volume/brick',
        peerId: '9eeb2a18-d025-47f9-ba2b-3450f406875e',
        online: true,
        pid: 542,
        port: 49456,
      },
      expect.objectContaining({ host: 'gxml-2', online: true, pid: 509, port: 51790 }),
      expect.objectContaining({ host: 'gxml-3', online: true, pid: 498, port: 52355 }),
    ]);
    expect(report.daemons.map((daemon) => [daemon.name, daemon.host, daemon.online])).toEqual([
      ['Self-heal Daemon', 'localhost', true],
      ['Self-heal Daemon', 'gxml-2', true],
      ['Self-heal Daemon', 'gxml-3', true],
    ]);
  });

  it('reads the same bricks from the detail variant and ignores its disk fields', () => {
    const report = parseVolumeStatus(envelopeOf('volume-status-detail-all-online'));
    expect(report.bricks.map((brick) => brick.host)).toEqual(['gxml-1', 'gxml-2', 'gxml-3']);
    expect(report.daemons).toEqual([]);
  });

  it('omits the bricks of a node whose glusterd is down instead of reporting them offline', () => {
    const report = parseVolumeStatus(envelopeOf('volume-status-one-brick-down'));
    expect(report.bricks.map((brick) => brick.host)).toEqual(['gxml-1', 'gxml-2']);
    expect(report.daemons).toHaveLength(2);
  });

  it('reports a killed brick process as offline with pid and port -1', () => {
    const report = parseVolumeStatus(envelopeOf('volume-status-brick-process-killed'));
    expect(report.bricks.find((brick) => brick.host === 'gxml-2')).toMatchObject({
      online: false,
      pid: -1,
      port: -1,
    });
    expect(report.bricks.filter((brick) => brick.online)).toHaveLength(2);
  });
});
