import { join } from 'node:path';
import { nginxRunPaths } from './nginx-paths.js';
import { type NginxSettingsInput, validateNginxSettings } from './nginx-settings.js';
import { renderServerBlock, WS_LIMIT_ZONE } from './render-server-block.js';
import { workerConnections } from './worker-connections.js';

/** nginx's temporary directories; all are set so none defaults to a path outside the run directory. */
export const NGINX_TEMP_DIRS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

// The types the game and a typical static site need, so the file does not depend on /etc/nginx.
const MIME_TYPES: Record<string, string> = {
  'text/html': 'html htm',
  'text/css': 'css',
  'application/javascript': 'js mjs',
  'application/json': 'json map',
  'image/svg+xml': 'svg',
  'image/png': 'png',
  'image/jpeg': 'jpg jpeg',
  'image/gif': 'gif',
  'image/x-icon': 'ico',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'font/woff2': 'woff2',
  'font/woff': 'woff',
  'text/plain': 'txt',
};

const GZIP_TYPES =
  'text/css application/javascript text/javascript application/json image/svg+xml text/plain';

/** Below nginxProgram's stop timeout (3 s): nginx ends by itself before it would be killed. */
export const NGINX_SHUTDOWN_TIMEOUT_S = 2;

/** The open_file_cache's size (files kept open per worker), counted in the worker's file limit. */
export const OPEN_FILE_CACHE_MAX = 1000;

/**
 * Renders the whole nginx.conf for the asteroids container: foreground master, unprivileged
 * workers, logs on the container's stdout/stderr and every writable path under the run
 * directory, so nginx runs on a read-only root file system. Throws GA_NGINX_SETTING_INVALID
 * for a bad setting.
 */
export function renderNginxConfig(input: NginxSettingsInput): string {
  const settings = validateNginxSettings(input);
  const paths = nginxRunPaths(settings.runDir);
  const user = settings.user === undefined ? '' : `user ${settings.user};\n`;
  const temp = NGINX_TEMP_DIRS.map((dir) => `    ${dir}_temp_path ${join(paths.temp, dir)};`).join('\n');
  const types = Object.entries(MIME_TYPES)
    .map(([type, extensions]) => `        ${type} ${extensions};`)
    .join('\n');
  const accessLog = settings.accessLog === 'stdout' ? 'access_log /dev/stdout combined;' : 'access_log off;';
  const server = renderServerBlock(settings).replace(/^(?=.)/gm, '    ');
  const connections = workerConnections(settings.gameCapacity);
  // One descriptor per connection, the open file cache's, and a few for logs and listeners.
  const files = connections + OPEN_FILE_CACHE_MAX + 64;
  return `# Rendered by the client-agent at each start; changes here are lost.
${user}daemon off;
worker_processes auto;
pid ${paths.pid};
error_log stderr warn;
# A graceful stop (SIGQUIT) waits for open connections, and a player's /ws lasts up to an hour:
# past this, the workers close what is left, within the program's stop timeout (3 s), so a stop
# with players connected ends cleanly instead of in SIGKILL. The game server closes its sockets
# first (it is stopped before nginx), so this is only the backstop.
worker_shutdown_timeout ${NGINX_SHUTDOWN_TIMEOUT_S}s;

# worker_connections is sized from the game's capacity, ${settings.gameCapacity} WebSockets: each
# holds two connections in one worker (the player's and the proxied one), plus room for page
# requests. Past it nginx refuses connections ("worker_connections are not enough" in its log).
worker_rlimit_nofile ${files};
events {
    worker_connections ${connections};
}

http {
    types {
${types}
    }
    default_type application/octet-stream;

${temp}

    ${accessLog}
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;

    gzip on;
    gzip_vary on;
    gzip_proxied any;
    gzip_min_length 256;
    gzip_types ${GZIP_TYPES};

    # The Connection header for the WebSocket proxy: "upgrade" when the client asks for one.
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }

    # /ws connections per client address (limit_conn in the /ws location). A refusal is 429,
    # not 503: the client asked too much, the game is fine (503 is the storage-down page, with
    # Retry-After). Each refusal is a warning in the error log, which the agent counts.
    limit_conn_zone $binary_remote_addr zone=${WS_LIMIT_ZONE}:1m;
    limit_conn_status 429;
    limit_conn_log_level warn;

${server}}
`;
}
