import { join } from 'node:path';
import type { ProgramSpec } from '@gluster-asteroids/agent-runtime';
import { httpReady } from './http-ready.js';

/** Options of {@link gameServerProgram}. */
export interface GameServerProgramOptions {
  /** This container's own copy of the game (client/ + server/), on its disk, not the volume. */
  gameDir: string;
  port: number;
  /** The all-time leaderboard file, on the shared volume. */
  leaderboardPath: string;
  logLevel: string;
}

/**
 * The game server, run with plain node as the seed ran `server.js PORT`, from this container's
 * own copy of the game: a restart after a crash needs no volume (it may be the storage that
 * failed), and the release on the volume may be replaced or pruned under a running server. It
 * serves that copy's client/ on its own port too; only the leaderboard lives on the volume. It
 * saves the leaderboard and closes connections on SIGTERM within its own grace (kept below ours
 * so the container stops within Docker's default 10 s).
 */
export function gameServerProgram(options: GameServerProgramOptions): ProgramSpec {
  return {
    name: 'game-server',
    command: process.execPath,
    args: [join(options.gameDir, 'server', 'server.js'), String(options.port)],
    cwd: options.gameDir,
    env: {
      GAME_LEADERBOARD_PATH: options.leaderboardPath,
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
