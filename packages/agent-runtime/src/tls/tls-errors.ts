import { GaError } from '../errors.js';
import { ExitCodes } from '../exit-codes.js';

/** Stable codes of TLS problems; each ends the start with exit 78 (fix the input). */
export const TlsErrorCodes = {
  /** The stack CA file is missing or unreadable. */
  CA_MISSING: 'GA_TLS_CA_MISSING',
  /** The stack CA file is not one CA certificate with its key. */
  CA_INVALID: 'GA_TLS_CA_INVALID',
  /** A certificate is not valid yet: a clock is wrong. */
  CLOCK_SKEW: 'GA_TLS_CLOCK_SKEW',
  /** A certificate has expired. */
  EXPIRED: 'GA_TLS_EXPIRED',
  /** openssl could not issue this container's certificate. */
  ISSUE_FAILED: 'GA_TLS_ISSUE_FAILED',
  /** A renewal found another CA in the CA file than the one the stack runs with. */
  CA_CHANGED: 'GA_TLS_CA_CHANGED',
} as const;

export type TlsErrorCode = (typeof TlsErrorCodes)[keyof typeof TlsErrorCodes];

/** A TLS error that ends the agent with the configuration exit code. */
export function tlsError(code: TlsErrorCode, message: string, cause?: unknown): GaError {
  return new GaError(code, message, { cause, exitsWith: ExitCodes.CONFIG });
}
