import { nginxRunPaths } from './nginx-paths.js';
import type { NginxSettings } from './nginx-settings.js';

/** The path nginx answers itself, for the agent's readiness check; never touches the volume. */
export const NGINX_HEALTH_PATH = '/nginx-health';

/** The same-origin path of the game's WebSocket, proxied to the game server. */
export const WEBSOCKET_PATH = '/ws';

/** The limit_conn zone counting /ws connections per client address; named in refusal logs. */
export const WS_LIMIT_ZONE = 'ws_per_address';

/**
 * The asteroids `server` block. Settings must come from validateNginxSettings (they are written
 * unquoted). While `<runDir>/storage-down` exists every location but the health check answers
 * with the local 503 page at once, so nginx never waits on a dead mount while the agent remounts.
 */
export function renderServerBlock(settings: NginxSettings): string {
  const paths = nginxRunPaths(settings.runDir);
  const ports = [
    settings.httpPort,
    ...(settings.publicGamePort === undefined ? [] : [settings.publicGamePort]),
  ];
  const listen = ports
    .map((port) => `listen ${settings.listenAddress === '' ? port : `${settings.listenAddress}:${port}`};`)
    .join('\n    ');
  const storageDown = 'if ($storage_down) { return 503; }';
  const wsLimit =
    settings.wsConnectionsPerAddress === 0
      ? '# No per-address cap (WS_CONNECTIONS_PER_ADDRESS=0).'
      : `limit_conn ${WS_LIMIT_ZONE} ${settings.wsConnectionsPerAddress};`;
  return `server {
    # The game's port and the seed's game server port serve the same: the game server itself
    # listens on loopback only, so its /metrics and /healthz are reachable from inside alone.
    ${listen}
    server_name _;
    root ${settings.docroot}/client;
    index index.html;

    # Relative redirects, so a port mapping or a TLS terminator in front keeps working.
    absolute_redirect off;

    # Tested here, at server level, where open_file_cache is off: a cached "no such file" would
    # delay the switch by the cache's validity. The test stats a file on local disk, never the volume.
    set $storage_down '';
    if (-f ${paths.storageDown}) {
        set $storage_down 1;
    }
    error_page 503 /503.html;

    location = ${NGINX_HEALTH_PATH} {
        access_log off;
        default_type text/plain;
        return 200 "ok\\n";
    }

    location = /503.html {
        internal;
        root ${paths.errorPages};
        add_header Cache-Control "no-store" always;
        add_header Retry-After 10 always;
    }

    # This container's own HOST/PORT for the browser client, from local disk.
    location = /config.js {
        ${storageDown}
        alias ${paths.configJs};
        default_type application/javascript;
        add_header Cache-Control "no-cache";
    }

    # Exactly /ws: no other path of the game server (/metrics, /healthz) is proxied.
    location = ${WEBSOCKET_PATH} {
        ${storageDown}
        ${wsLimit}
        proxy_pass http://127.0.0.1:${settings.gameServerPort};
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        # A game connection is idle between frames only briefly, but may last for hours.
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
        proxy_buffering off;
    }

    location / {
        ${storageDown}
        # Measured on the FUSE mount: ~2.4k req/s without this cache, ~80k with it (~53k from local disk).
        open_file_cache max=1000 inactive=30s;
        open_file_cache_valid 10s;
        open_file_cache_min_uses 1;
        open_file_cache_errors on;
    }
}
`;
}
