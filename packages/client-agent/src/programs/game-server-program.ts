import { join } from 'node:path';
import type { ProgramSpec, ProgramUser } from '@gluster-asteroids/agent-runtime';
import { gameVariables } from './game-server-env.js';
import { GAME_USER } from './game-user.js';
import { httpReady } from './http-ready.js';

/** util-linux's setpriv (Debian: essential), which sets no_new_privs before it runs node. */
export const SETPRIV = '/usr/bin/setpriv';

/** Options of {@link gameServerProgram}. */
export interface GameServerProgramOptions {
  /** This container's own copy of the game (client/ + server/), on its disk, not the volume. */
  gameDir: string;
  /** GAME_INTERNAL_PORT: the game server listens there on 127.0.0.1 only. */
  port: number;
  /** The all-time leaderboard file, on the shared volume, in a directory the game user owns. */
  leaderboardPath: string;
  logLevel: string;
  /** The agent's environment, from which only the game's own variables are passed on. */
  agentEnv?: NodeJS.ProcessEnv;
  /** Default GAME_USER. */
  user?: ProgramUser;
}

/**
 * The game server, run with plain node as the seed ran `server.js PORT`, from this container's
 * own copy of the game: a restart after a crash needs no volume (it may be the storage that
 * failed), and the release on the volume may be replaced or pruned under a running server.
 *
 * It runs code from the shared volume, so it gets as little as works: the unprivileged game user
 * (no capabilities: the kernel clears them all when root switches to a non-zero uid, ambient
 * ones included), no_new_privs (no setuid binary such as fusermount3 or mount gives them back),
 * none of the agent's environment but the game's own variables, and a listening address on
 * loopback only: nginx proxies /ws to it, and its /metrics and /healthz stay inside the
 * container. It saves the leaderboard and closes connections on SIGTERM within its own grace
 * (kept below ours so the container stops within Docker's default 10 s).
 */
export function gameServerProgram(options: GameServerProgramOptions): ProgramSpec {
  return {
    name: 'game-server',
    command: SETPRIV,
    args: [
      '--no-new-privs',
      '--',
      process.execPath,
      join(options.gameDir, 'server', 'server.js'),
      String(options.port),
    ],
    cwd: options.gameDir,
    user: options.user ?? GAME_USER,
    inheritEnv: false,
    env: {
      ...gameVariables(options.agentEnv ?? process.env),
      GAME_HOST: '127.0.0.1',
      GAME_LEADERBOARD_PATH: options.leaderboardPath,
      // The agent prepares the leaderboard's directory; a missing one means an unmounted volume.
      GAME_LEADERBOARD_CREATE_DIR: '0',
      GAME_STATIC_DIR: join(options.gameDir, 'client'),
      GAME_SHUTDOWN_GRACE_S: '4',
      LOG_LEVEL: options.logLevel,
    },
    restart: 'always',
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 5_000,
    readyTimeoutMs: 30_000,
    ready: httpReady(`http://127.0.0.1:${options.port}/healthz`, 'the game server to answer', 30_000),
  };
}
