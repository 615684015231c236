import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type GlusterTlsPaths,
  hasErrorCode,
  initStackCa,
  issueMemberCredentials,
  prepareGlusterTls,
  readStackCa,
} from '../../src/index.js';

// Real openssl, real files: the stack CA and member certificates as the agents make them.
let dir: string;
let paths: GlusterTlsPaths;
const logger = pino({ level: 'silent' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ga-tls-test-'));
  paths = {
    certificate: join(dir, 'ssl/glusterfs.pem'),
    privateKey: join(dir, 'ssl/glusterfs.key'),
    caList: join(dir, 'ssl/glusterfs.ca'),
    secureAccess: join(dir, 'glusterd/secure-access'),
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('the stack CA', () => {
  it('is created once, root-only, and kept as it is on the next init', async () => {
    const file = join(dir, 'ca/stack-ca.pem');
    const first = await initStackCa(file);
    expect(first.created).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.ca.certificate.ca).toBe(true);
    const again = await initStackCa(file);
    expect(again.created).toBe(false);
    expect(again.ca.certificate.fingerprint256).toBe(first.ca.certificate.fingerprint256);
  });

  it('is refused with the file and the fix when missing, or when it holds only the certificate', async () => {
    const missing = await errorOf(readStackCa(join(dir, 'nope.pem')));
    expect(hasErrorCode(missing, 'GA_TLS_CA_MISSING')).toBe(true);
    expect(String((missing as Error).message)).toMatch(/nope\.pem.*init-stack-ca.*GLUSTER_TLS=off/s);
    const file = join(dir, 'ca/stack-ca.pem');
    const { ca } = await initStackCa(file);
    const certOnly = join(dir, 'cert-only.pem');
    await writeFile(certOnly, ca.certificatePem);
    const invalid = await errorOf(readStackCa(certOnly));
    expect(hasErrorCode(invalid, 'GA_TLS_CA_INVALID')).toBe(true);
    expect((invalid as Error).message).not.toContain('PRIVATE KEY');
  });

  it('is refused as clock skew before its start and as expired after its end', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const before = new Date(new Date(ca.certificate.validFrom).getTime() - 3_600_000);
    const skew = await errorOf(readStackCa(ca.file, before));
    expect(hasErrorCode(skew, 'GA_TLS_CLOCK_SKEW')).toBe(true);
    expect((skew as Error).message).toMatch(/clock/);
    const after = new Date(new Date(ca.certificate.validTo).getTime() + 86_400_000);
    const expired = await errorOf(readStackCa(ca.file, after));
    expect(hasErrorCode(expired, 'GA_TLS_EXPIRED')).toBe(true);
  });
});

describe('a member certificate', () => {
  it('is issued by the stack CA for the member name, for server and client use', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const member = await issueMemberCredentials({ ca, commonName: 'gluster01' });
    expect(member.certificate.subject).toBe('CN=gluster01');
    expect(member.certificate.checkIssued(ca.certificate)).toBe(true);
    expect(member.certificate.verify(ca.certificate.publicKey)).toBe(true);
    expect(member.certificate.ca).toBe(false);
    // openssl agrees: the chain verifies with only the stack CA as trust anchor.
    const pem = join(dir, 'member.pem');
    await writeFile(pem, member.certificatePem);
    await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
    const verify = await execa('openssl', [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      join(dir, 'ca.pem'),
      pem,
    ]);
    expect(verify.stdout).toContain('OK');
  });

  it('from another CA does not verify against this stack CA', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const other = await initStackCa(join(dir, 'other/stack-ca.pem'));
    const intruder = await issueMemberCredentials({ ca: other.ca, commonName: 'intruder' });
    expect(intruder.certificate.verify(ca.certificate.publicKey)).toBe(false);
  });
});

describe('prepareGlusterTls', () => {
  it('installs key (0600), certificate, CA and secure-access, and reports days left', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const status = await prepareGlusterTls({
      settings: { mode: 'on', caFile: ca.file, caWaitMs: 0 },
      commonName: 'asteroids',
      logger,
      offNote: 'off',
      paths,
    });
    expect(status?.mode).toBe('on');
    if (status?.mode !== 'on') return;
    expect(status.subject).toBe('CN=asteroids');
    expect(status.daysLeft).toBeGreaterThan(364);
    expect(status.caDaysLeft).toBeGreaterThan(3600);
    expect((await stat(paths.privateKey)).mode & 0o777).toBe(0o600);
    const installed = new X509Certificate(await readFile(paths.certificate));
    expect(installed.checkIssued(new X509Certificate(await readFile(paths.caList)))).toBe(true);
    await expect(stat(paths.secureAccess)).resolves.toBeDefined();
  });

  it('waits for a CA that is still being made, as compose starts the stack-ca one-shot with the nodes', async () => {
    const file = join(dir, 'late/stack-ca.pem');
    const prepared = prepareGlusterTls({
      settings: { mode: 'on', caFile: file, caWaitMs: 20_000 },
      commonName: 'gluster02',
      logger,
      offNote: '',
      paths,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await initStackCa(file);
    expect(await prepared).toMatchObject({ mode: 'on', subject: 'CN=gluster02' });
  });

  it('gives up on a CA that never comes at the end of the wait, naming the file', async () => {
    const started = performance.now();
    const error = await errorOf(
      prepareGlusterTls({
        settings: { mode: 'on', caFile: join(dir, 'never.pem'), caWaitMs: 300 },
        commonName: 'a',
        logger,
        offNote: '',
        paths,
      }),
    );
    expect(hasErrorCode(error, 'GA_TLS_CA_MISSING')).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('ends the wait without an error when the agent is stopped meanwhile: a stop, not a missing CA', async () => {
    const stop = new AbortController();
    const prepared = prepareGlusterTls({
      settings: { mode: 'on', caFile: join(dir, 'never.pem'), caWaitMs: 20_000 },
      commonName: 'a',
      logger,
      offNote: '',
      paths,
      signal: stop.signal,
    });
    setTimeout(() => stop.abort(new Error('stopping')), 200);
    const started = performance.now();
    expect(await prepared).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a renewal from another CA than the one the stack runs with, and installs nothing', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const error = await errorOf(
      prepareGlusterTls({
        settings: { mode: 'on', caFile: ca.file, caWaitMs: 0 },
        commonName: 'gluster01',
        logger,
        offNote: '',
        paths,
        expectCaFingerprint: 'AA:BB',
      }),
    );
    expect(hasErrorCode(error, 'GA_TLS_CA_CHANGED')).toBe(true);
    expect((error as Error).message).toMatch(/now holds another CA/);
    await expect(stat(paths.certificate)).rejects.toThrow(/ENOENT/);
  });

  it('issues a certificate as long as the CA when asked for no end of its own (asteroids)', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    const status = await prepareGlusterTls({
      settings: { mode: 'on', caFile: ca.file, caWaitMs: 0 },
      commonName: 'asteroids',
      logger,
      offNote: '',
      paths,
      certificateDays: Number.POSITIVE_INFINITY,
    });
    expect(status?.mode === 'on' && status.caDaysLeft - status.daysLeft).toBeLessThan(2);
  });

  it('with TLS off removes secure-access and the credentials a previous run left', async () => {
    const { ca } = await initStackCa(join(dir, 'ca/stack-ca.pem'));
    await prepareGlusterTls({
      settings: { mode: 'on', caFile: ca.file, caWaitMs: 0 },
      commonName: 'a',
      logger,
      offNote: '',
      paths,
    });
    const status = await prepareGlusterTls({
      settings: { mode: 'off', caFile: ca.file, caWaitMs: 0 },
      commonName: 'a',
      logger,
      offNote: 'TLS is off',
      paths,
    });
    expect(status).toEqual({ mode: 'off', note: 'TLS is off' });
    for (const file of Object.values(paths)) await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });
});
