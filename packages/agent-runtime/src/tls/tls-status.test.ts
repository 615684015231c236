import { describe, expect, it } from 'vitest';
import { expiryWarning, type TlsStatus, tlsStatusAt } from './tls-status.js';

const issued = {
  mode: 'on' as const,
  subject: 'CN=gluster01',
  fingerprint: 'AA:BB',
  notAfter: '2027-12-07T00:00:00.000Z',
  daysLeft: 365,
  caSubject: 'CN=gluster-asteroids stack CA',
  caFingerprint: 'CC:DD',
  caNotAfter: '2036-12-04T00:00:00.000Z',
  caDaysLeft: 3650,
} satisfies TlsStatus;

describe('TLS status', () => {
  it('counts the days left again at the time it is read, not at the start', () => {
    const later = tlsStatusAt(issued, new Date('2027-11-07T00:00:00.000Z'));
    expect(later).toMatchObject({ daysLeft: 30, notAfter: issued.notAfter });
    expect(later.mode === 'on' && later.caDaysLeft).toBeGreaterThan(3000);
  });

  it('warns from 30 days before this container certificate or the CA expires, naming the fix', () => {
    expect(expiryWarning(tlsStatusAt(issued, new Date('2027-01-01T00:00:00.000Z')))).toBeUndefined();
    expect(expiryWarning(tlsStatusAt(issued, new Date('2027-11-20T00:00:00.000Z')))).toMatch(
      /certificate expires in 17 days.*restart the container/,
    );
    // A server says how its in-place renewal stands, and how to start one now.
    const renewing = {
      ...issued,
      renewal: { state: 'waiting' as const, renewBeforeDays: 30, waitingFor: 'a fully redundant volume' },
    };
    expect(expiryWarning(tlsStatusAt(renewing, new Date('2027-11-20T00:00:00.000Z')))).toMatch(
      /expires in 17 days.*renewal is waiting \(waiting for a fully redundant volume\).*docker kill -s HUP/,
    );
    expect(expiryWarning(tlsStatusAt(issued, new Date('2036-11-20T00:00:00.000Z')))).toMatch(
      /stack CA expires in 14 days.*create a new one/,
    );
  });

  it('has nothing to count or warn about with TLS off', () => {
    const off: TlsStatus = { mode: 'off', note: 'TLS is off' };
    expect(tlsStatusAt(off, new Date())).toBe(off);
    expect(expiryWarning(off)).toBeUndefined();
  });
});
