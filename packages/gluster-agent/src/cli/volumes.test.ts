import { describe, expect, it } from 'vitest';
import { envelopeOf } from '../../test/gluster-fixtures.js';
import { GlusterCliError } from './errors.js';
import { parseVolumeGet, parseVolumeInfo, parseVolumeRef, splitBrickName } from './volumes.js';
import { parseEnvelope } from './xml.js';

describe('parseVolumeInfo', () => {
  it('returns no volumes when none exist', () => {
    expect(parseVolumeInfo(envelopeOf('volume-info-no-volumes'))).toEqual([]);
  });

  it('reads a started replica 3 volume with its bricks in order and its options', () => {
    const [volume] = parseVolumeInfo(envelopeOf('volume-info-replica3'));
    expect(volume).toMatchObject({
      name: 'gv3',
      id: '56df2bf3-2d19-49fc-a08f-8709f6d3d937',
      status: 'Started',
      type: 'Replicate',
      brickCount: 3,
      replicaCount: 3,
      arbiterCount: 0,
    });
    expect(volume?.bricks.map((brick) => `${brick.host}:${brick.path}`)).toEqual([
      'gxml-1:/gluster_volume/brick',
      'gxml-2:/gluster_volume/brick',
      'gxml-3:/gluster_volume/brick',
    ]);
    expect(volume?.bricks[1]?.hostUuid).toBe('42ad5822-8e3e-4f93-94af-9d70d4e54268');
    expect(volume?.options).toMatchObject({ 'transport.address-family': 'inet', 'nfs.disable': 'on' });
  });

  it('reads a created replica 2 volume', () => {
    const [volume] = parseVolumeInfo(envelopeOf('volume-info-replica2'));
    expect(volume).toMatchObject({
      name: 'gv2',
      status: 'Created',
      replicaCount: 2,
      arbiterCount: 0,
      brickCount: 2,
    });
    expect(volume?.bricks.every((brick) => !brick.isArbiter)).toBe(true);
  });

  it('marks the last brick of replica 3 arbiter 1 as the arbiter', () => {
    const [volume] = parseVolumeInfo(envelopeOf('volume-info-arbiter'));
    expect(volume).toMatchObject({ replicaCount: 3, arbiterCount: 1 });
    expect(volume?.bricks.map((brick) => brick.isArbiter)).toEqual([false, false, true]);
  });

  it('reads a stopped volume as Stopped', () => {
    expect(parseVolumeInfo(envelopeOf('volume-info-stopped'))[0]?.status).toBe('Stopped');
  });

  it('reads every volume of an unnamed volume info', () => {
    expect(parseVolumeInfo(envelopeOf('volume-info-all')).map((volume) => volume.name)).toEqual([
      'gv2',
      'gv3',
      'gva',
    ]);
  });

  it('still lists all bricks while a brick node is down (volume info does not show liveness)', () => {
    expect(parseVolumeInfo(envelopeOf('volume-info-replica3-one-node-down'))[0]?.bricks).toHaveLength(3);
  });

  it('rejects a volume status it does not know with GA_GLUSTER_BAD_OUTPUT', () => {
    const xml =
      '<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><volInfo><volumes><volume><name>v</name>' +
      '<status>7</status><statusStr>Weird</statusStr></volume><count>1</count></volumes></volInfo></cliOutput>';
    const envelope = parseEnvelope({ stdout: xml, stderr: '', exitCode: 0 }, ['volume', 'info']);
    expect(() => parseVolumeInfo(envelope)).toThrow(GlusterCliError);
    expect(() => parseVolumeInfo(envelope)).toThrow(/"Weird" is not Created\/Started\/Stopped/);
  });
});

describe('splitBrickName', () => {
  it('splits at the first colon followed by a slash, so IPv6-less hosts and paths stay intact', () => {
    expect(splitBrickName('gxml-1:/gluster_volume/brick')).toEqual({
      host: 'gxml-1',
      path: '/gluster_volume/brick',
    });
    expect(splitBrickName('10.0.0.1:/a:b')).toEqual({ host: '10.0.0.1', path: '/a:b' });
  });
});

describe('parseVolumeRef', () => {
  it.each([
    ['volume-create-replica3-success', 'gv3'],
    ['volume-start-success', 'gv3'],
    ['volume-stop-success', 'gv2b'],
  ])('reads the volume name and id from %s', (name, volume) => {
    const ref = parseVolumeRef(envelopeOf(name));
    expect(ref.name).toBe(volume);
    expect(ref.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('parseVolumeGet', () => {
  it('reads a value that was set', () => {
    expect(parseVolumeGet(envelopeOf('volume-get-ping-timeout'))).toEqual({
      'network.ping-timeout': { value: '5', isDefault: false },
    });
  });

  it('strips the " (DEFAULT)" marker and reports the value as a default', () => {
    expect(parseVolumeGet(envelopeOf('volume-get-ping-timeout-default'))).toEqual({
      'network.ping-timeout': { value: '42', isDefault: true },
    });
  });
});
