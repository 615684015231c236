import { EnvError, makeValidator } from 'envalid';

/**
 * Validators for the variables both agents read, built on envalid so every variable is declared
 * once (parser, default, description, example) and all failures are collected in one pass.
 * Each parser throws EnvError with "what is allowed"; the value and the example are added by
 * the reporter in env.ts.
 */

/** An integer within [min, max]. */
export const int = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const trimmed = input.trim();
    if (!/^-?\d+$/.test(trimmed)) throw new EnvError(`must be a whole number from ${min} to ${max}`);
    const value = Number(trimmed);
    if (value < min || value > max) throw new EnvError(`must be from ${min} to ${max}`);
    return value;
  });

/** A TCP/UDP port, 1-65535. */
export const tcpPort = int(1, 65535);

/** A TCP port or 0, meaning "disabled" (or "pick one" where documented). */
export const optionalPort = int(0, 65535);

/** A duration in seconds (decimals allowed), converted to milliseconds. */
export const secondsAsMs = (minSeconds: number, maxSeconds: number) =>
  makeValidator<number>((input) => {
    const trimmed = input.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) {
      throw new EnvError(`must be a number of seconds from ${minSeconds} to ${maxSeconds}`);
    }
    if (value < minSeconds || value > maxSeconds) {
      throw new EnvError(`must be from ${minSeconds} to ${maxSeconds} seconds`);
    }
    return Math.round(value * 1000);
  });

/** A non-empty string (surrounding white space removed). */
export const nonEmpty = makeValidator<string>((input) => {
  const trimmed = input.trim();
  if (trimmed === '') throw new EnvError('must not be empty');
  return trimmed;
});

/** An absolute file system path, without a trailing slash. */
export const absolutePath = makeValidator<string>((input) => {
  const trimmed = input.trim();
  if (!trimmed.startsWith('/')) throw new EnvError('must be an absolute path (starting with /)');
  if (trimmed.includes('\0')) throw new EnvError('must not contain NUL characters');
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
});

/** "1"/"true"/"yes"/"on" and "0"/"false"/"no"/"off", any case; the seed used DEBUG=1. */
export const flag = makeValidator<boolean>((input) => {
  const value = input.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new EnvError('must be 1/true/yes/on or 0/false/no/off');
});

/** One of a fixed list of words. */
export const oneOf = <T extends string>(choices: readonly T[]) =>
  makeValidator<T>((input) => {
    const value = input.trim().toLowerCase();
    const match = choices.find((choice) => choice === value);
    if (match === undefined) throw new EnvError(`must be one of: ${choices.join(', ')}`);
    return match;
  });

/**
 * A comma-separated list of host names or IPv4 addresses (GLUSTER_PEER). Empty entries are an
 * error rather than skipped: "gluster01,,gluster02" is more likely a typo than intent.
 */
export const hostList = makeValidator<string[]>((input) => {
  const hosts = input.split(',').map((host) => host.trim());
  if (hosts.some((host) => host === '')) {
    throw new EnvError('must be host names or addresses separated by commas, with no empty entries');
  }
  const invalid = hosts.find((host) => !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host));
  if (invalid !== undefined) throw new EnvError(`"${invalid}" is not a host name or IPv4 address`);
  return hosts;
});
