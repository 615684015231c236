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
    const ws = location(config, '= /ws');
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
    for (const match of ['/', '= /ws', '= /config.js']) {
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

  it('proxies exactly /ws and no other path to the game server, so its /metrics and /healthz stay internal', () => {
    expect(config).toContain('location = /ws {');
    expect(config.match(/proxy_pass /g)).toHaveLength(1);
    expect(config).not.toMatch(/location\s+[^=\s][^{]*\/ws/);
    expect(config).not.toMatch(/location[^{]*(metrics|healthz)/);
  });

  it('serves the same server block on the second (game) port, and on one port without it', () => {
    const both = renderNginxConfig({ ...BASE, publicGamePort: 443 });
    expect(both).toMatch(/^\s+listen 80;\n\s+listen 443;$/m);
    expect(both.match(/server \{/g)).toHaveLength(1);
    expect(config.match(/^\s+listen /gm)).toHaveLength(1);
    expect(renderNginxConfig({ ...BASE, publicGamePort: 443, listenAddress: '127.0.0.1' })).toContain(
      'listen 127.0.0.1:443;',
    );
  });

  it('caps /ws connections per client address with 429 and logs each refusal as a warning', () => {
    expect(config).toContain('limit_conn_zone $binary_remote_addr zone=ws_per_address:1m;');
    expect(config).toContain('limit_conn_status 429;');
    expect(config).toContain('limit_conn_log_level warn;');
    // Refusals are warnings: the error log must let them through.
    expect(config).toMatch(/^error_log stderr warn;$/m);
    expect(location(config, '= /ws')).toContain('limit_conn ws_per_address 32;');
    const three = renderNginxConfig({ ...BASE, wsConnectionsPerAddress: 3 });
    expect(location(three, '= /ws')).toContain('limit_conn ws_per_address 3;');
    // The cap is on /ws alone: page requests from a busy address are never refused.
    for (const match of ['/', '= /config.js', '= /nginx-health']) {
      expect(location(three, match)).not.toContain('limit_conn');
    }
  });

  it('has no per-address cap when it is 0', () => {
    const uncapped = renderNginxConfig({ ...BASE, wsConnectionsPerAddress: 0 });
    expect(uncapped).not.toMatch(/^\s*limit_conn /m);
  });

  it("sizes worker_connections from the game's capacity, two connections a player plus headroom", () => {
    expect(config).toMatch(/^\s+worker_connections 1536;$/m); // 2 x 512 (GAME_MAX_CONNECTIONS) + 512
    expect(config).toMatch(/^worker_rlimit_nofile 2600;$/m); // + open_file_cache + 64
    const big = renderNginxConfig({ ...BASE, gameCapacity: 5000 });
    expect(big).toMatch(/^\s+worker_connections 10512;$/m);
    expect(big).toMatch(/^worker_rlimit_nofile 11576;$/m);
    // Never below nginx's own default.
    expect(renderNginxConfig({ ...BASE, gameCapacity: 10 })).toMatch(/^\s+worker_connections 1024;$/m);
  });

  it('balances every brace', () => {
    expect(config.split('{').length).toBe(config.split('}').length);
  });

  it('rejects bad settings before rendering anything', () => {
    expect(() => renderNginxConfig({ ...BASE, docroot: '/var/www; evil' })).toThrow(/docroot/);
  });
});
