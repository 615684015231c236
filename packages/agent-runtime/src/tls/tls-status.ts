import type { X509Certificate } from 'node:crypto';

/** Days left below which /readyz carries a notice (and the start-up log a warning). */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * How the renewal of a server's certificate stands (the gluster-agent's): `waiting` while the
 * volume is not fully redundant (restarting this node's gluster processes would take a copy away),
 * `restarting` while they restart with the new certificate.
 */
export interface TlsRenewalStatus {
  state: 'idle' | 'waiting' | 'restarting';
  /** Renewed automatically once fewer days than this are left. */
  renewBeforeDays: number;
  /** Why the current renewal runs: days left, or an operator's SIGHUP. */
  reason?: string;
  /** What a waiting renewal waits for. */
  waitingFor?: string;
  /** ISO time of the last renewal that completed. */
  lastRenewedAt?: string;
  /** Why the last attempt failed, until one succeeds. */
  lastError?: string;
}

/** What /status shows of TLS, and what the expiry metric reads. */
export type TlsStatus =
  | { mode: 'off'; note: string }
  | {
      mode: 'on';
      /** This container's certificate subject (CN=...). */
      subject: string;
      /** SHA-256 fingerprint of this container's certificate: what its peers see in the handshake. */
      fingerprint: string;
      notAfter: string;
      /** Whole and fractional days until this container's certificate expires. */
      daysLeft: number;
      caSubject: string;
      caFingerprint: string;
      caNotAfter: string;
      caDaysLeft: number;
      renewal?: TlsRenewalStatus;
    };

const DAY_MS = 86_400_000;

/** Days from `now` until the certificate's notAfter (negative once expired). */
export function daysUntilExpiry(certificate: X509Certificate, now: Date): number {
  return (new Date(certificate.validTo).getTime() - now.getTime()) / DAY_MS;
}

/** Days from `now` until an ISO date (a status's notAfter), rounded to hundredths. */
export function daysUntilExpiryAt(notAfter: string, now: Date): number {
  return round((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
}

/** The status of a member certificate and its CA at `now`. */
export function tlsStatusOf(member: X509Certificate, ca: X509Certificate, now: Date): TlsStatus {
  return {
    mode: 'on',
    subject: member.subject.replace(/\n/g, ', '),
    fingerprint: member.fingerprint256,
    notAfter: new Date(member.validTo).toISOString(),
    daysLeft: round(daysUntilExpiry(member, now)),
    caSubject: ca.subject.replace(/\n/g, ', '),
    caFingerprint: ca.fingerprint256,
    caNotAfter: new Date(ca.validTo).toISOString(),
    caDaysLeft: round(daysUntilExpiry(ca, now)),
  };
}

/** The same status with the days left counted again at `now`: /status is read long after the start. */
export function tlsStatusAt(status: TlsStatus, now: Date): TlsStatus {
  if (status.mode !== 'on') return status;
  return {
    ...status,
    daysLeft: daysUntilExpiryAt(status.notAfter, now),
    caDaysLeft: daysUntilExpiryAt(status.caNotAfter, now),
  };
}

/** A warning for a certificate close to expiry, or undefined. */
export function expiryWarning(status: TlsStatus): string | undefined {
  if (status.mode !== 'on') return undefined;
  if (status.caDaysLeft < EXPIRY_WARNING_DAYS)
    return `The stack CA expires in ${Math.floor(status.caDaysLeft)} days (${status.caNotAfter}): create a new one before then (docs/operations.md, "A lost or expired CA").`;
  if (status.daysLeft < EXPIRY_WARNING_DAYS) {
    const renewal = status.renewal
      ? `its renewal is ${status.renewal.state}${status.renewal.waitingFor ? ` (waiting for ${status.renewal.waitingFor})` : ''}${status.renewal.lastError ? `, last attempt failed: ${status.renewal.lastError}` : ''}; to renew now: docker kill -s HUP <container>`
      : 'restart the container to issue a new one';
    return `This container's certificate expires in ${Math.floor(status.daysLeft)} days (${status.notAfter}): ${renewal}.`;
  }
  return undefined;
}

function round(days: number): number {
  return Math.round(days * 100) / 100;
}
