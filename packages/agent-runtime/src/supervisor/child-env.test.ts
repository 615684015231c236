import { describe, expect, it } from 'vitest';
import { childEnv, DEFAULT_PATH, NO_HOME } from './child-env.js';

const AGENT_ENV = { PATH: '/agent/bin:/usr/bin', HOME: '/root', GLUSTER_TLS_KEY: '/secret.key' };
const GAME_USER = { uid: 10001, gid: 10001, name: 'asteroids-game', home: '/nonexistent' };

describe('childEnv', () => {
  it("adds the spec's variables to the agent's environment by default", () => {
    expect(childEnv({ env: { LOG_LEVEL: 'debug' } }, AGENT_ENV)).toEqual({
      env: { LOG_LEVEL: 'debug' },
      extendEnv: true,
    });
  });

  it("gives a program that inherits nothing only PATH and its own variables: none of the agent's reach it", () => {
    const { env, extendEnv } = childEnv({ inheritEnv: false, env: { LOG_LEVEL: 'info' } }, AGENT_ENV);
    expect(extendEnv).toBe(false);
    expect(env).toEqual({ PATH: '/agent/bin:/usr/bin', LOG_LEVEL: 'info' });
    expect(env).not.toHaveProperty('GLUSTER_TLS_KEY');
    expect(env).not.toHaveProperty('HOME');
  });

  it("falls back to Debian's PATH when the agent has none", () => {
    expect(childEnv({ inheritEnv: false }, {}).env).toEqual({ PATH: DEFAULT_PATH });
  });

  it("gives a program run as a user that user's HOME, USER and LOGNAME, not root's", () => {
    expect(childEnv({ inheritEnv: false, user: GAME_USER }, AGENT_ENV).env).toEqual({
      PATH: '/agent/bin:/usr/bin',
      HOME: '/nonexistent',
      USER: 'asteroids-game',
      LOGNAME: 'asteroids-game',
    });
    // Inheriting, the identity still replaces the agent's HOME (/root).
    expect(childEnv({ user: GAME_USER }, AGENT_ENV)).toEqual({
      env: { HOME: '/nonexistent', USER: 'asteroids-game', LOGNAME: 'asteroids-game' },
      extendEnv: true,
    });
  });

  it('uses /nonexistent as the HOME of a user without one, and no USER without a name', () => {
    expect(childEnv({ inheritEnv: false, user: { uid: 5, gid: 5 } }, AGENT_ENV).env).toEqual({
      PATH: '/agent/bin:/usr/bin',
      HOME: NO_HOME,
    });
  });

  it("lets the spec's own variables win over PATH and the identity", () => {
    const env = childEnv(
      { inheritEnv: false, user: GAME_USER, env: { PATH: '/usr/bin', HOME: '/var/lib/game' } },
      AGENT_ENV,
    ).env;
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/var/lib/game' });
  });
});
