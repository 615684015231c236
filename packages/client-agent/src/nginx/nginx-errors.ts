import { ExitCodes, GaError } from '@gluster-asteroids/agent-runtime';

/** Stable codes of the nginx configuration errors, each with what it means and what to do. */
export const NGINX_ERROR_CODES = {
  GA_NGINX_SETTING_INVALID:
    'A value that would be written into nginx.conf (port, path, address, user) is invalid or could break the ' +
    'configuration syntax. Fix the setting named in the message.',
  GA_NGINX_CONFIG_INVALID:
    "`nginx -t` rejected the rendered configuration; the message has nginx's own words. Usually a bug or an " +
    'nginx without a module the configuration needs: report it with the message.',
} as const;

export type NginxErrorCode = keyof typeof NGINX_ERROR_CODES;

/** An nginx configuration error, with a stable code; both are the operator's or the image's to fix. */
export class NginxError extends GaError {
  declare readonly code: NginxErrorCode;
  /** For GA_NGINX_SETTING_INVALID: the setting at fault. */
  readonly setting: string | undefined;

  constructor(code: NginxErrorCode, message: string, options?: { setting?: string; cause?: unknown }) {
    super(code, message, { cause: options?.cause, exitsWith: ExitCodes.CONFIG });
    this.setting = options?.setting;
  }
}
