import { ExitCodes, GaError } from '@gluster-asteroids/agent-runtime';

/** Stable codes of the browser client configuration errors, each with what it means and what to do. */
export const CLIENT_CONFIG_ERROR_CODES = {
  GA_CLIENT_CONFIG_INVALID:
    'The public host or port for the browser client is not a host name, IPv4 address, bracketed IPv6 address or ' +
    'port. Fix the variable named in the message (PUBLIC_HOST or PUBLIC_PORT).',
} as const;

export type ClientConfigErrorCode = keyof typeof CLIENT_CONFIG_ERROR_CODES;

/** A value that cannot go into the browser client's config.js, naming the variable at fault. */
export class ClientConfigError extends GaError {
  declare readonly code: ClientConfigErrorCode;
  readonly setting: string;

  constructor(setting: string, message: string) {
    super('GA_CLIENT_CONFIG_INVALID', message, { exitsWith: ExitCodes.CONFIG });
    this.setting = setting;
  }
}
