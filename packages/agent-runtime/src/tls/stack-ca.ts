import { createPrivateKey, X509Certificate } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { pollUntil } from '../time/poll-until.js';
import { tlsError } from './tls-errors.js';

/** The stack's CA, read from its file: the certificate members trust and the key they are issued with. */
export interface StackCa {
  file: string;
  certificatePem: string;
  privateKeyPem: string;
  certificate: X509Certificate;
}

const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_PEM =
  /-----BEGIN (?:EC |RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:EC |RSA )?PRIVATE KEY-----/g;

/** The fix for every problem with the CA file, in one place. */
export function stackCaFix(file: string): string {
  return (
    `Create the stack CA once with \`docker run --rm -v <ca-volume>:${dirOf(file)} ` +
    'gluster-asteroids/gluster-server init-stack-ca` and mount that volume (read-only) into every ' +
    'gluster-server and asteroids container of the stack; compose does both for you. Or opt out with GLUSTER_TLS=off.'
  );
}

function dirOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), 1));
}

/**
 * Waits up to `waitMs` for the CA file to exist: compose's `stack-ca` one-shot starts together
 * with the nodes. Says at once what it waits for and how to provide it; returns when the file is
 * there, the wait is over (readStackCa then says it is missing) or `signal` aborts.
 */
export async function waitForStackCa(
  file: string,
  waitMs: number,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  if (await fileExists(file)) return;
  if (waitMs <= 0) return;
  logger.warn(
    { file, waitS: waitMs / 1000 },
    `waiting up to ${waitMs / 1000} s for the stack CA ${file} to appear. ${stackCaFix(file)}`,
  );
  await pollUntil(async () => fileExists(file), {
    what: `the stack CA ${file}`,
    intervalMs: 100,
    timeoutMs: waitMs,
    ...(signal ? { signal } : {}),
  }).catch(() => undefined);
}

/** Whether `file` exists (any error reading its metadata counts as no). */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks the stack CA: one CA certificate and its private key, valid now. Throws
 * GA_TLS_CA_MISSING, GA_TLS_CA_INVALID or (validity) GA_TLS_CLOCK_SKEW / GA_TLS_EXPIRED, each
 * naming the file and the fix; the key itself is never part of a message.
 */
export async function readStackCa(file: string, now: Date = new Date()): Promise<StackCa> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw tlsError(
      'GA_TLS_CA_MISSING',
      `The stack CA file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). ${stackCaFix(file)}`,
      error,
    );
  }
  const certificates = text.match(CERTIFICATE_PEM) ?? [];
  const keys = text.match(PRIVATE_KEY_PEM) ?? [];
  if (certificates.length !== 1 || keys.length !== 1) {
    throw tlsError(
      'GA_TLS_CA_INVALID',
      `The stack CA file ${file} must hold one certificate and one private key (PEM); it holds ` +
        `${certificates.length} certificate(s) and ${keys.length} key(s). ${stackCaFix(file)}`,
    );
  }
  const certificatePem = `${certificates[0]}\n`;
  const privateKeyPem = `${keys[0]}\n`;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
    if (!certificate.ca)
      throw new Error('the certificate is not a CA certificate (basicConstraints CA:FALSE)');
    if (!certificate.checkPrivateKey(createPrivateKey(privateKeyPem)))
      throw new Error('the private key does not belong to the certificate');
  } catch (error) {
    throw tlsError(
      'GA_TLS_CA_INVALID',
      `The stack CA file ${file} is not usable: ${(error as Error).message}. ${stackCaFix(file)}`,
      error,
    );
  }
  assertValidNow(certificate, file, now, 'the stack CA');
  return { file, certificatePem, privateKeyPem, certificate };
}

/**
 * A certificate that is not valid at `now` ends the start with the reason: a notBefore in the
 * future means this host's clock (or the issuer's) is wrong; a notAfter in the past, expiry.
 */
export function assertValidNow(certificate: X509Certificate, file: string, now: Date, what: string): void {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (now < from) {
    throw tlsError(
      'GA_TLS_CLOCK_SKEW',
      `${capitalise(what)} in ${file} is valid only from ${from.toISOString()}, but this container's clock says ` +
        `${now.toISOString()}. Fix the host's clock (NTP) on this host or on the one that made the certificate; ` +
        'a certificate cannot be used before its start.',
    );
  }
  if (now > to) {
    throw tlsError(
      'GA_TLS_EXPIRED',
      `${capitalise(what)} in ${file} expired on ${to.toISOString()} (this container's clock says ${now.toISOString()}). ` +
        (what === 'the stack CA'
          ? 'Create a new stack CA (see docs/operations.md, "A lost or expired CA") and restart every container.'
          : 'Restart this container: it issues itself a new certificate from the stack CA.'),
    );
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
