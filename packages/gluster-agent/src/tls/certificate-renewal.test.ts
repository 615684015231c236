import {
  createLogger,
  GaError,
  ManualClock,
  TlsErrorCodes,
  type TlsStatus,
} from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateRenewal, type RenewalAttempt } from './certificate-renewal.js';

const now = new Date('2026-12-07T12:00:00Z');
const DAY = 86_400_000;
const logger = createLogger({ name: 'test', level: 'silent' });

function on(daysLeft: number, fingerprint = 'OLD'): TlsStatus {
  return {
    mode: 'on',
    subject: 'CN=gluster01',
    fingerprint,
    notAfter: new Date(now.getTime() + daysLeft * DAY).toISOString(),
    daysLeft,
    caSubject: 'CN=stack',
    caFingerprint: 'CA',
    caNotAfter: new Date(now.getTime() + 3000 * DAY).toISOString(),
    caDaysLeft: 3000,
  };
}

const renewals: CertificateRenewal[] = [];
afterEach(async () => {
  await Promise.all(renewals.splice(0).map((renewal) => renewal.stop()));
});

/** A renewal whose attempts answer from `answers` in turn (the last one repeats). */
function renewalWith(initial: TlsStatus, answers: Array<() => Promise<RenewalAttempt>>) {
  const clock = new ManualClock();
  let tls = initial;
  let attempts = 0;
  const renewal = new CertificateRenewal({
    logger,
    renewBeforeDays: 30,
    current: () => tls,
    attempt: () => {
      const answer = answers[Math.min(attempts, answers.length - 1)] as () => Promise<RenewalAttempt>;
      attempts++;
      return answer();
    },
    onRenewed: (renewed) => {
      tls = renewed;
    },
    retryMs: 15_000,
    clock,
    now: () => now,
  });
  renewals.push(renewal);
  return { renewal, clock, attempts: () => attempts, tls: () => tls };
}

const renewed = (): Promise<RenewalAttempt> => Promise.resolve({ renewed: on(365, 'NEW') });
const notRedundant = (): Promise<RenewalAttempt> =>
  Promise.resolve({ waitingFor: 'a fully redundant volume (brick gluster02:/b is offline)' });

describe('CertificateRenewal', () => {
  it('leaves a certificate with more days left than GLUSTER_TLS_RENEW_DAYS alone', async () => {
    const { renewal, clock, attempts } = renewalWith(on(200), [renewed]);
    renewal.start('0 * * * *');
    await clock.advance(0);
    expect(attempts()).toBe(0);
    expect(renewal.status).toEqual({ state: 'idle', renewBeforeDays: 30 });
  });

  it('renews a due certificate only once the volume is redundant, saying meanwhile what it waits for', async () => {
    const { renewal, clock, attempts, tls } = renewalWith(on(10), [notRedundant, notRedundant, renewed]);
    renewal.start('0 * * * *');
    await clock.advance(0);
    expect(renewal.status).toMatchObject({
      state: 'waiting',
      reason: 'the certificate expires in 10 days (renewed from 30 days before)',
      waitingFor: 'a fully redundant volume (brick gluster02:/b is offline)',
    });
    await clock.advance(15_000);
    expect(attempts()).toBe(2);
    await clock.advance(15_000);
    expect(attempts()).toBe(3);
    expect(tls()).toMatchObject({ fingerprint: 'NEW' });
    expect(renewal.status).toEqual({ state: 'idle', renewBeforeDays: 30, lastRenewedAt: now.toISOString() });
  });

  it("runs an operator's request (SIGHUP) made before the volume is up once it starts, one at a time", async () => {
    let release: (attempt: RenewalAttempt) => void = () => undefined;
    const slow = () => new Promise<RenewalAttempt>((resolve) => (release = resolve));
    const { renewal, clock, attempts } = renewalWith(on(200), [slow]);
    renewal.request('an operator asked for it (SIGHUP)');
    await clock.advance(0);
    expect(attempts()).toBe(0);
    renewal.start('0 * * * *');
    await clock.advance(0);
    expect(attempts()).toBe(1);
    renewal.request('an operator asked for it (SIGHUP)');
    await clock.advance(0);
    expect(attempts()).toBe(1);
    release({ renewed: on(365, 'NEW') });
    await clock.advance(0);
    expect(renewal.status.state).toBe('idle');
  });

  it('tries again after a failure, and gives up on another CA in the file (an operator must act)', async () => {
    const failing = () => Promise.reject(new Error('glusterd did not come back'));
    const caChanged = () =>
      Promise.reject(new GaError(TlsErrorCodes.CA_CHANGED, 'the CA file holds another CA'));
    const { renewal, clock, attempts } = renewalWith(on(5), [failing, caChanged]);
    renewal.start('0 * * * *');
    await clock.advance(0);
    expect(renewal.status).toMatchObject({ state: 'waiting', lastError: 'glusterd did not come back' });
    await clock.advance(15_000);
    expect(attempts()).toBe(2);
    expect(renewal.status).toMatchObject({ state: 'idle', lastError: 'the CA file holds another CA' });
    await clock.advance(60_000);
    expect(attempts()).toBe(2);
  });

  it('has nothing to renew with TLS off', async () => {
    const { renewal, clock, attempts } = renewalWith({ mode: 'off', note: 'off' }, [renewed]);
    renewal.start('0 * * * *');
    renewal.request('an operator asked for it (SIGHUP)');
    await clock.advance(0);
    expect(attempts()).toBe(0);
  });
});
