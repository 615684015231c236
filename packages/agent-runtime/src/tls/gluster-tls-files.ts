import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import type { MemberCredentials } from './member-credentials.js';
import type { GlusterTlsPaths } from './tls-settings.js';

/** The file whole, with its mode from its creation on (the key is never readable by others). */
async function writeInstalled(file: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomically(file, content, mode);
}

/**
 * Puts this member's credentials where gluster reads them and turns management TLS on
 * (secure-access), before glusterd or a mount starts: gluster reads them only when a process
 * starts. The key is root-only (0600), so no unprivileged program in the container can read it.
 */
export async function installGlusterTls(
  paths: GlusterTlsPaths,
  credentials: MemberCredentials,
  caCertificatePem: string,
): Promise<void> {
  await writeInstalled(paths.privateKey, credentials.privateKeyPem, 0o600);
  await writeInstalled(paths.certificate, credentials.certificatePem, 0o644);
  await writeInstalled(paths.caList, caCertificatePem, 0o644);
  await writeInstalled(paths.secureAccess, '', 0o644);
}

/**
 * TLS off: management TLS off too (no secure-access) and no stale credentials left, so a
 * container switched to GLUSTER_TLS=off does not keep talking TLS to peers that no longer do.
 */
export async function removeGlusterTls(paths: GlusterTlsPaths): Promise<void> {
  for (const file of [paths.secureAccess, paths.privateKey, paths.certificate, paths.caList]) {
    await rm(file, { force: true });
  }
}
