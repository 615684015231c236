import type { ProgramSpec } from '@gluster-asteroids/agent-runtime';
import { nginxArgs } from '../nginx/check-nginx-config.js';
import type { WsRefusals } from '../nginx/ws-refusals.js';
import { httpReady } from './http-ready.js';

/**
 * nginx in the foreground (`daemon off` in the rendered config). SIGQUIT is nginx's graceful
 * stop: workers finish the requests in flight, and close what is left after
 * `worker_shutdown_timeout` (2 s, below the 3 s here). Ready when nginx answers its own health path.
 * Its master runs as root (to bind ports below 1024); the config's `user` runs the workers as
 * www-data. Each output line goes to `refusals`, which counts refused /ws connections.
 */
export function nginxProgram(configPath: string, httpPort: number, refusals?: WsRefusals): ProgramSpec {
  return {
    name: 'nginx',
    command: 'nginx',
    args: nginxArgs(configPath),
    restart: 'always',
    stopSignal: 'SIGQUIT',
    stopTimeoutMs: 3_000,
    readyTimeoutMs: 15_000,
    ready: httpReady(`http://127.0.0.1:${httpPort}/nginx-health`, 'nginx to answer', 15_000),
    ...(refusals ? { onLine: (_stream, line) => refusals.observe(line) } : {}),
  };
}
