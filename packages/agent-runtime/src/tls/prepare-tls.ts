import type { Logger } from 'pino';
import type { CommandRunner } from '../command/run-command.js';
import { installGlusterTls, removeGlusterTls } from './gluster-tls-files.js';
import { issueMemberCredentials } from './member-credentials.js';
import { assertValidNow, readStackCa, waitForStackCa } from './stack-ca.js';
import { TlsErrorCodes, tlsError } from './tls-errors.js';
import { GLUSTER_TLS_PATHS, type GlusterTlsPaths, type TlsSettings } from './tls-settings.js';
import { expiryWarning, type TlsStatus, tlsStatusOf } from './tls-status.js';

/** Options of {@link prepareGlusterTls}. */
export interface PrepareTlsOptions {
  settings: TlsSettings;
  /** The CN of this container's certificate (node name or host name). */
  commonName: string;
  logger: Logger;
  /** Why TLS is off, for /status and the start-up warning. */
  offNote: string;
  /** Ends the wait for the CA file (the agent is stopping). */
  signal?: AbortSignal;
  /**
   * The certificate's validity in days (default a year), never past the CA's end. Infinity: as
   * long as the CA, for a member that cannot swap its certificate without interrupting service.
   */
  certificateDays?: number;
  /**
   * A renewal: the fingerprint of the CA the stack runs with. Another CA in the file now (a new
   * `init-stack-ca`, a file swapped) would cut this member off its peers: GA_TLS_CA_CHANGED, and
   * nothing is installed.
   */
  expectCaFingerprint?: string;
  paths?: GlusterTlsPaths;
  run?: CommandRunner;
  now?: () => Date;
}

/**
 * Makes gluster in this container speak TLS with the stack's CA, or makes sure it does not:
 * reads the stack CA, issues this container a fresh certificate, installs it where gluster reads
 * it, and turns management TLS on. Runs before glusterd or a mount starts. Throws a GA_TLS_*
 * error (exit 78) naming the file and the fix when the CA is missing, invalid or not valid now;
 * resolves undefined when `signal` aborted the wait for the CA (the agent is stopping).
 */
export async function prepareGlusterTls(options: PrepareTlsOptions): Promise<TlsStatus | undefined> {
  const paths = options.paths ?? GLUSTER_TLS_PATHS;
  const now = options.now ?? (() => new Date());
  if (options.settings.mode === 'off') {
    await removeGlusterTls(paths);
    options.logger.warn({ tls: 'off' }, options.offNote);
    return { mode: 'off', note: options.offNote };
  }
  await waitForStackCa(options.settings.caFile, options.settings.caWaitMs, options.logger, options.signal);
  // A stop during the wait is a stop, not a missing CA.
  if (options.signal?.aborted) return undefined;
  const ca = await readStackCa(options.settings.caFile, now());
  if (options.expectCaFingerprint && ca.certificate.fingerprint256 !== options.expectCaFingerprint) {
    throw tlsError(
      TlsErrorCodes.CA_CHANGED,
      `${ca.file} now holds another CA (${ca.certificate.fingerprint256}) than the one this stack runs with ` +
        `(${options.expectCaFingerprint}): a certificate from it would not be trusted by the other members. ` +
        'Put the original CA file back, or move the whole stack to the new CA (docs/operations.md, "A lost or expired CA").',
    );
  }
  const credentials = await issueMemberCredentials({
    ca,
    commonName: options.commonName,
    ...(options.certificateDays !== undefined ? { days: options.certificateDays } : {}),
    ...(options.run ? { run: options.run } : {}),
  });
  // openssl issued it from this host's clock: a certificate not valid now means that clock jumped.
  assertValidNow(credentials.certificate, paths.certificate, now(), "this container's certificate");
  await installGlusterTls(paths, credentials, ca.certificatePem);
  const status = tlsStatusOf(credentials.certificate, ca.certificate, now());
  options.logger.info(
    { tls: 'on', subject: status.mode === 'on' ? status.subject : undefined, caFile: ca.file },
    'TLS on: issued this container a certificate from the stack CA; only holders of one can mount, read the volume definition or join',
  );
  const warning = expiryWarning(status);
  if (warning) options.logger.warn(warning);
  return status;
}
