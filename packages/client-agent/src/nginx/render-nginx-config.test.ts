import { describe, expect, it } from 'vitest';
import type { NginxSettingsInput } from './nginx-settings.js';
import { renderNginxConfig } from './render-nginx-config.js';

const BASE: NginxSettingsInput = {
  httpPort: 80,
  gameServerPort: 4000,
  docroot: '/var/www/asteroids',
  runDir: '/run/asteroids',
};

/** The body of the first `location <match> { ... }` block (blocks here nest one `if` at most). */
function location(config: string, match: string): string {
  const start = config.indexOf(`location ${match} {`);
  expect(start, `location ${match}`).toBeGreaterThanOrEqual(0);
  const end = config.indexOf('\n        }\n', start);
  return config.slice(start, end);
}

describe('renderNginxConfig', () => {
  const config = renderNginxConfig(BASE);

  it('runs in the foreground with its pid file and temp paths under the run directory', () => {
    expect(config).toMatch(/^daemon off;$/m);
    expect(config).toMatch(/^worker_processes auto;$/m);
    expect(config).toMatch(/^pid \/run\/asteroids\/nginx\.pid;$/m);
    for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      expect(config).toContain(`${dir}_temp_path /run/asteroids/tmp/${dir};`);
    }
  });

  it('logs errors to stderr and access lines to stdout by default', () => {
    expect(config).toMatch(/^error_log stderr warn;$/m);
    expect(config).toContain('access_log /dev/stdout combined;');
  });

  it('turns the access log off when asked', () => {
    const quiet = renderNginxConfig({ ...BASE, accessLog: 'off' });
    expect(quiet).toContain('access_log off;');
    expect(quiet).not.toContain('/dev/stdout');
  });

  it('runs workers as www-data by default, as another user, or writes no user directive', () => {
    expect(config).toMatch(/^user www-data;$/m);
    expect(renderNginxConfig({ ...BASE, user: 'nginx' })).toMatch(/^user nginx;$/m);
    expect(renderNginxConfig({ ...BASE, user: undefined })).not.toMatch(/^user /m);
  });

  it('listens on every interface by default, or on the given address', () => {
    expect(config).toContain('listen 80;');
    expect(renderNginxConfig({ ...BASE, listenAddress: '127.0.0.1' })).toContain('listen 127.0.0.1:80;');
    expect(renderNginxConfig({ ...BASE, listenAddress: '[::1]' })).toContain('listen [::1]:80;');
  });

  it('serves the client directory of the docroot with an open file cache', () => {
    expect(config).toContain('root /var/www/asteroids/client;');
    const root = location(config, '/');
    expect(root).toContain('open_file_cache max=1000 inactive=30s;');
    expect(root).toContain('open_file_cache_valid 10s;');
    expect(root).toContain('open_file_cache_errors on;');
  });

  it("serves /config.js from this container's run directory", () => {
    expect(location(config, '= /config.js')).toContain('alias /run/asteroids/config.js;');
  });

  it('proxies /ws to the game server on loopback with WebSocket upgrade headers and long timeouts', () => {
    const ws = location(config, '/ws');
    expect(ws).toContain('proxy_pass http://127.0.0.1:4000;');
    expect(ws).toContain('proxy_http_version 1.1;');
    expect(ws).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(ws).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(ws).toContain('proxy_read_timeout 1h;');
    expect(config).toMatch(/map \$http_upgrade \$connection_upgrade \{\s+default upgrade;\s+'' close;\s+\}/);
  });

  it('compresses text, CSS, JavaScript, JSON and SVG', () => {
    expect(config).toContain('gzip on;');
    for (const type of ['text/css', 'application/javascript', 'application/json', 'image/svg+xml']) {
      expect(config).toMatch(new RegExp(`gzip_types [^;]*${type.replace(/[/+]/g, '\\$&')}`));
    }
  });

  it('answers /nginx-health itself, whether storage is down or not', () => {
    const health = location(config, '= /nginx-health');
    expect(health).toContain('return 200');
    expect(health).not.toContain('$storage_down');
  });

  it('switches every other location to the local 503 page while the storage-down file exists', () => {
    expect(config).toContain('if (-f /run/asteroids/storage-down) {');
    expect(config).toContain('error_page 503 /503.html;');
    expect(location(config, '= /503.html')).toContain('root /run/asteroids/html;');
    for (const match of ['/', '/ws', '= /config.js']) {
      expect(location(config, match)).toContain('if ($storage_down) { return 503; }');
    }
  });

  it('tests the storage-down file at server level, where no open file cache can delay the switch', () => {
    const aboveLocations = config.slice(0, config.indexOf('location '));
    expect(aboveLocations.slice(aboveLocations.indexOf('server {'))).toContain(
      'if (-f /run/asteroids/storage-down)',
    );
    expect(aboveLocations).not.toMatch(/^\s*open_file_cache\b/m);
  });

  it('balances every brace', () => {
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('rejects bad settings before rendering anything', () => {
    expect(() => renderNginxConfig({ ...BASE, docroot: '/var/www; evil' })).toThrow(/docroot/);
  });
});
