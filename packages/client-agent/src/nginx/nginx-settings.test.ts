import { describe, expect, it } from 'vitest';
import { NginxError } from './nginx-errors.js';
import { type NginxSettingsInput, validateNginxSettings } from './nginx-settings.js';

const BASE: NginxSettingsInput = {
  httpPort: 80,
  gameServerPort: 4000,
  docroot: '/var/www/asteroids',
  runDir: '/run/asteroids',
};

function rejection(input: Partial<NginxSettingsInput> & Record<string, unknown>): NginxError {
  try {
    validateNginxSettings({ ...BASE, ...input } as NginxSettingsInput);
  } catch (error) {
    expect(error).toBeInstanceOf(NginxError);
    return error as NginxError;
  }
  throw new Error('expected the settings to be rejected');
}

describe('validateNginxSettings', () => {
  it('applies the defaults and freezes the result', () => {
    const settings = validateNginxSettings(BASE);
    expect(settings).toEqual({
      ...BASE,
      listenAddress: '',
      user: 'www-data',
      accessLog: 'stdout',
      publicGamePort: undefined,
      wsConnectionsPerAddress: 32,
      gameCapacity: 512,
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('drops a trailing slash from paths', () => {
    expect(validateNginxSettings({ ...BASE, docroot: '/var/www/asteroids/' }).docroot).toBe(
      '/var/www/asteroids',
    );
  });

  it('keeps an explicitly undefined user, meaning no user directive', () => {
    expect(validateNginxSettings({ ...BASE, user: undefined }).user).toBeUndefined();
  });

  it.each([
    ['httpPort', 0],
    ['httpPort', 65536],
    ['gameServerPort', 1.5],
    ['gameServerPort', 80],
    ['publicGamePort', 80],
    ['publicGamePort', 4000],
    ['publicGamePort', 70000],
    ['wsConnectionsPerAddress', -1],
    ['wsConnectionsPerAddress', 2.5],
    ['gameCapacity', 0],
  ])('rejects %s %s naming the setting', (setting, value) => {
    const error = rejection({ [setting]: value });
    expect(error.code).toBe('GA_NGINX_SETTING_INVALID');
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(`\`${setting}\``);
    expect(error.message).toContain(`\`${value}\``);
  });

  it.each([
    'relative/path',
    '/var/www;evil',
    '/var/www{',
    '/var/www}',
    "/var/w'ww",
    '/var/w"ww',
    '/var/w ww',
    '/var/w\tww',
    '/var/www\n',
    '/var/$document_root',
    '/var/www#comment',
    '/var/w\\ww',
  ])('rejects the docroot %j, which could break nginx syntax', (docroot) => {
    expect(rejection({ docroot }).setting).toBe('docroot');
  });

  it('checks the run directory the same way', () => {
    expect(rejection({ runDir: '/run/a b' }).setting).toBe('runDir');
  });

  it.each(['localhost', '::1', '256.0.0.1', '127.0.0.1; evil'])(
    'rejects the listen address %j',
    (listenAddress) => {
      expect(rejection({ listenAddress }).setting).toBe('listenAddress');
    },
  );

  it.each(['Root', 'www data', 'evil;', ''])('rejects the user %j', (user) => {
    expect(rejection({ user }).setting).toBe('user');
  });

  it('rejects an access log that is neither stdout nor off', () => {
    expect(rejection({ accessLog: '/var/log/x' as 'off' }).setting).toBe('accessLog');
  });

  it('marks its errors as configuration errors (exit 78)', () => {
    expect(rejection({ httpPort: 0 }).exitsWith).toBe(78);
  });
});
