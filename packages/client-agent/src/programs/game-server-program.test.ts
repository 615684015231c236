import { describe, expect, it } from 'vitest';
import { gameServerProgram } from './game-server-program.js';

describe('gameServerProgram', () => {
  it("runs server.js from the container's own copy and serves its client, the leaderboard on the volume", () => {
    const spec = gameServerProgram({
      gameDir: '/var/lib/asteroids/game/abc',
      port: 443,
      leaderboardPath: '/mnt/ranchervol/asteroids/leaderboard.json',
      logLevel: 'info',
    });
    expect(spec.args).toEqual(['/var/lib/asteroids/game/abc/server/server.js', '443']);
    expect(spec.cwd).toBe('/var/lib/asteroids/game/abc');
    expect(spec.env).toMatchObject({
      GAME_STATIC_DIR: '/var/lib/asteroids/game/abc/client',
      GAME_LEADERBOARD_PATH: '/mnt/ranchervol/asteroids/leaderboard.json',
    });
  });
});
