import type { TlsStatus } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import type { VolumeInfo } from '../cli/volumes.js';
import { renewalDue, renewalMinute, renewalSchedule } from './renewal-plan.js';

const now = new Date('2026-12-07T12:00:00Z');
const DAY = 86_400_000;

function on(daysLeft: number): TlsStatus {
  return {
    mode: 'on',
    subject: 'CN=gluster01',
    fingerprint: 'AA',
    notAfter: new Date(now.getTime() + daysLeft * DAY).toISOString(),
    daysLeft,
    caSubject: 'CN=stack',
    caFingerprint: 'BB',
    caNotAfter: new Date(now.getTime() + 3000 * DAY).toISOString(),
    caDaysLeft: 3000,
  };
}

function volume(hosts: string[]): VolumeInfo {
  return {
    name: 'ranchervol',
    id: 'id',
    status: 'Started',
    type: 'Replicate',
    brickCount: hosts.length,
    replicaCount: hosts.length,
    arbiterCount: 0,
    bricks: hosts.map((host) => ({ host, path: '/b', hostUuid: `uuid-${host}`, isArbiter: false })),
    options: {},
  };
}

describe('renewalDue', () => {
  it('is due from fewer than the configured days left, and says why', () => {
    expect(renewalDue(on(30), 30, now)).toBeUndefined();
    expect(renewalDue(on(29.5), 30, now)).toBe(
      'the certificate expires in 29 days (renewed from 30 days before)',
    );
    expect(renewalDue(on(-1), 30, now)).toMatch(/^the certificate expired on /);
  });

  it('counts days at the time asked, not when the status was made', () => {
    expect(renewalDue(on(40), 30, new Date(now.getTime() + 11 * DAY))).toMatch(/expires in 29 days/);
  });

  it('has nothing to renew with TLS off', () => {
    expect(renewalDue({ mode: 'off', note: 'off' }, 30, now)).toBeUndefined();
  });
});

describe('renewalMinute', () => {
  it("spreads the nodes' hourly checks by their place among the volume's bricks", () => {
    const three = volume(['gluster01', 'gluster02', 'gluster03']);
    expect(['gluster01', 'gluster02', 'gluster03'].map((h) => renewalMinute(h, `uuid-${h}`, three))).toEqual([
      0, 20, 40,
    ]);
    const two = volume(['gluster01', 'gluster02']);
    expect(renewalMinute('gluster02', 'uuid-gluster02', two)).toBe(30);
  });

  it('falls back to a stable minute from the name without a volume or a brick of its own', () => {
    const minute = renewalMinute('gluster05', undefined, undefined);
    expect(minute).toBeGreaterThanOrEqual(0);
    expect(minute).toBeLessThan(60);
    expect(renewalMinute('gluster05', 'uuid-x', volume(['gluster01']))).toBe(minute);
  });

  it('makes an hourly node-cron expression', () => {
    expect(renewalSchedule(20)).toBe('20 * * * *');
  });
});
