import { describe, expect, it } from 'vitest';
import { gameServerProgram, SETPRIV } from './game-server-program.js';
import { GAME_USER } from './game-user.js';

const AGENT_ENV = {
  PATH: '/usr/local/bin:/usr/bin',
  HOME: '/root',
  GLUSTER_PEER: 'gluster01,gluster02',
  GLUSTER_TLS_KEY: '/etc/ssl/glusterfs.key',
  GAME_REPO: 'https://user:token@example.org/game.git',
  GAME_RELEASES_KEEP: '3',
  GAME_SERVER_PORT: '443',
  GAME_INTERNAL_PORT: '8081',
  GAME_TICK_HZ: '30',
  GAME_MAX_CONNECTIONS: '500',
  GAME_HOST: '0.0.0.0',
  UV_THREADPOOL_SIZE: '8',
};

const spec = gameServerProgram({
  gameDir: '/var/lib/asteroids/game/abc',
  port: 8081,
  leaderboardPath: '/mnt/ranchervol/asteroids/leaderboard/leaderboard.json',
  logLevel: 'info',
  agentEnv: AGENT_ENV,
});

describe('gameServerProgram', () => {
  it("runs server.js from the container's own copy on the internal port, under setpriv --no-new-privs", () => {
    expect(spec.command).toBe(SETPRIV);
    expect(spec.args).toEqual([
      '--no-new-privs',
      '--',
      process.execPath,
      '/var/lib/asteroids/game/abc/server/server.js',
      '8081',
    ]);
    expect(spec.cwd).toBe('/var/lib/asteroids/game/abc');
  });

  it('runs as the unprivileged game user, 10001:10001', () => {
    expect(spec.user).toEqual({ uid: 10001, gid: 10001, name: 'asteroids-game', home: '/nonexistent' });
    expect(GAME_USER.uid).not.toBe(0);
  });

  it('listens on loopback only, whatever GAME_HOST the container was given', () => {
    expect(spec.env?.GAME_HOST).toBe('127.0.0.1');
  });

  it("inherits nothing from the agent but the game's own variables: no credentials, no agent settings", () => {
    expect(spec.inheritEnv).toBe(false);
    expect(spec.env).toEqual({
      GAME_TICK_HZ: '30',
      GAME_MAX_CONNECTIONS: '500',
      UV_THREADPOOL_SIZE: '8',
      GAME_HOST: '127.0.0.1',
      GAME_LEADERBOARD_PATH: '/mnt/ranchervol/asteroids/leaderboard/leaderboard.json',
      GAME_LEADERBOARD_CREATE_DIR: '0',
      GAME_STATIC_DIR: '/var/lib/asteroids/game/abc/client',
      GAME_SHUTDOWN_GRACE_S: '4',
      LOG_LEVEL: 'info',
    });
  });
});
