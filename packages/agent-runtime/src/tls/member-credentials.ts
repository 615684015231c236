import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandRunner, runCommand } from '../command/run-command.js';
import type { StackCa } from './stack-ca.js';
import { tlsError } from './tls-errors.js';

/** This container's own key and certificate, issued by the stack CA. */
export interface MemberCredentials {
  privateKeyPem: string;
  certificatePem: string;
  certificate: X509Certificate;
}

/** Options of {@link issueMemberCredentials}. */
export interface IssueOptions {
  ca: StackCa;
  /** The certificate's CN: the node name (servers) or the host name (clients), for logs and auth.ssl-allow. */
  commonName: string;
  /**
   * Validity in days. A member issues itself a fresh certificate at every start, so this only has
   * to outlast one container's run; a year, and never past the CA's own end.
   */
  days?: number;
  run?: CommandRunner;
}

/** Member certificates' default validity: one container run, generously. */
export const MEMBER_CERTIFICATE_DAYS = 365;

// What a gluster member does with its certificate: it is the TLS server (glusterd, bricks) and
// the client (probes, mounts) of the same connections.
const MEMBER_EXTENSIONS = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth,clientAuth',
  '',
].join('\n');

/** The validity asked for, but never past the CA's own end: a certificate cannot outlive its issuer. */
function memberDays(options: IssueOptions): number {
  const caDaysLeft = Math.floor(
    (new Date(options.ca.certificate.validTo).getTime() - Date.now()) / 86_400_000,
  );
  return Math.max(1, Math.min(options.days ?? MEMBER_CERTIFICATE_DAYS, caDaysLeft));
}

/** A CN openssl's `-subj` takes literally: host-name characters only ('/', '=', '+' are syntax there). */
export function safeCommonName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
  return cleaned === '' ? 'member' : cleaned;
}

/**
 * Issues this container's key (EC P-256) and certificate from the stack CA with openssl (an
 * argument array, never a shell), in a private temporary directory that is removed afterwards.
 * The CA's key is read by openssl from the CA file itself, so it is never copied.
 */
export async function issueMemberCredentials(options: IssueOptions): Promise<MemberCredentials> {
  const run = options.run ?? runCommand;
  const dir = await mkdtemp(join(tmpdir(), 'ga-tls-'));
  const key = join(dir, 'member.key');
  const csr = join(dir, 'member.csr');
  const cert = join(dir, 'member.pem');
  const extensions = join(dir, 'member.ext');
  const cn = safeCommonName(options.commonName);
  const step = async (args: string[]): Promise<void> => {
    try {
      await run('openssl', args, { timeoutMs: 30_000 });
    } catch (error) {
      throw tlsError(
        'GA_TLS_ISSUE_FAILED',
        `Could not issue this container's certificate (CN=${cn}) from the stack CA ${options.ca.file}: ` +
          `openssl ${args[0]} failed. Check that the file holds the CA's certificate and key (see docs/errors.md).`,
        error,
      );
    }
  };
  try {
    await writeFile(extensions, MEMBER_EXTENSIONS);
    await step(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    await step(['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-out', csr]);
    await step([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      options.ca.file,
      '-CAkey',
      options.ca.file,
      '-set_serial',
      `0x${randomBytes(16).toString('hex')}`,
      '-days',
      String(memberDays(options)),
      '-extfile',
      extensions,
      '-out',
      cert,
    ]);
    const certificatePem = await readFile(cert, 'utf8');
    return {
      privateKeyPem: await readFile(key, 'utf8'),
      certificatePem,
      certificate: new X509Certificate(certificatePem),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
