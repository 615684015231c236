import { composeProject } from '../e2e/src/compose-project.js';
import { pollUntil } from '../e2e/src/deadline.js';
import { freePort } from '../e2e/src/free-port.js';
import { joinGame } from '../e2e/src/game-socket.js';
import { timedGet } from '../e2e/src/http-gap-probe.js';
import { startToChildMs } from './footprint.js';

/** How long one cold start may take before the run counts as failed. */
const COLD_START_TIMEOUT_MS = 180_000;

/** One `docker compose up` from nothing: timings in ms from the moment the command was started. */
export interface ColdStartRun {
  /** -> first HTTP 200 of the page through the published port. */
  pageMs: number;
  /** -> page served and a WebSocket join answered with a welcome (through nginx's /ws). */
  joinMs: number;
  /** Container start -> "started <program>" in each agent's log (from the same containers). */
  glusterdStartedMs: number[];
  nginxStartedMs: number;
  gameServerStartedMs: number;
}

/** Another variant of the stack: more compose files, variables they read. */
export interface ColdStartOptions {
  /** Compose files in `-f` order (default: docker-compose.yml). */
  files?: readonly string[];
  env?: Record<string, string>;
}

/** The stack with TLS opted out, as docs/operations.md says (the servers' private network may mount). */
export const TLS_OFF_COLD_START: ColdStartOptions = {
  files: ['docker-compose.yml', 'docker-compose.tls-off.yml'],
  env: { GLUSTER_AUTH_ALLOW: '*' },
};

/**
 * `docker compose up -d --no-build` of the whole stack (the :dev images, ports on 127.0.0.1
 * only, fresh named volumes), timed from the command's start to the page and to a game join;
 * then `down -v`, also on failure. The project has a name of its own, so it never touches
 * another stack on this engine.
 */
export async function measureColdStart(options: ColdStartOptions = {}): Promise<ColdStartRun> {
  const httpPort = await freePort();
  const project = composeProject({
    ...(options.files ? { files: options.files } : {}),
    env: {
      ...options.env,
      BIND_ADDRESS: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GAME_PORT: String(await freePort()),
    },
  });
  const started = performance.now();
  try {
    // The page is polled while compose is still starting containers: its own return is no milestone.
    const up = project.run(['up', '--detach', '--no-build'], COLD_START_TIMEOUT_MS);
    const upFailed = up.then(() => new Promise<never>(() => undefined));
    upFailed.catch(() => undefined); // seen through the race below
    const page = pollUntil(
      async () => {
        const answer = await timedGet(`http://127.0.0.1:${httpPort}/`, 2_000);
        return answer.status === 200 ? performance.now() - started : undefined;
      },
      { timeoutMs: COLD_START_TIMEOUT_MS, intervalMs: 50, description: `the page on port ${httpPort}` },
    );
    const pageMs = await Promise.race([page, upFailed]);
    // nginx may serve the page before the game server listens (they start side by side): a
    // join is tried again, as the browser client reconnects, until one is welcomed.
    const joinMs = await pollUntil(
      () =>
        joinGame(`ws://127.0.0.1:${httpPort}/ws`, 'bench', 'welcome', 2_000).then(
          () => performance.now() - started,
          () => undefined,
        ),
      { timeoutMs: COLD_START_TIMEOUT_MS, intervalMs: 50, description: 'a welcome on /ws' },
    );
    await up;
    const id = async (service: string) => (await project.run(['ps', '--quiet', service])).stdout.trim();
    const [gluster01, gluster02, asteroids] = await Promise.all(
      ['gluster01', 'gluster02', 'asteroids'].map(id),
    );
    return {
      pageMs,
      joinMs,
      glusterdStartedMs: await Promise.all(
        [gluster01 ?? '', gluster02 ?? ''].map((container) => startToChildMs(container, 'glusterd')),
      ),
      nginxStartedMs: await startToChildMs(asteroids ?? '', 'nginx'),
      gameServerStartedMs: await startToChildMs(asteroids ?? '', 'game-server'),
    };
  } finally {
    await project.destroy();
  }
}
