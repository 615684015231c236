import { describe, expect, it } from 'vitest';
import { loadClientAgentConfig } from '../config.js';
import { GAME_MAX_CONNECTIONS_DEFAULT, gameCapacity, workerConnections } from './worker-connections.js';

describe("nginx's worker_connections from the game's capacity", () => {
  it("reads the game server's GAME_MAX_CONNECTIONS, 512 when unset or a value the game server refuses", () => {
    expect(gameCapacity({})).toBe(GAME_MAX_CONNECTIONS_DEFAULT);
    expect(GAME_MAX_CONNECTIONS_DEFAULT).toBe(512);
    expect(gameCapacity({ GAME_MAX_CONNECTIONS: '2000' })).toBe(2000);
    for (const bad of ['', '0', '-5', 'many', '1.5']) {
      expect(gameCapacity({ GAME_MAX_CONNECTIONS: bad })).toBe(512);
    }
  });

  it('gives each WebSocket two connections in one worker, plus 512 for the page, never below 1024', () => {
    expect(workerConnections(512)).toBe(1536);
    expect(workerConnections(2000)).toBe(4512);
    expect(workerConnections(100)).toBe(1024);
  });

  it("reaches the agent's configuration, which sizes nginx from it", () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'g1', GAME_MAX_CONNECTIONS: '900' }).gameCapacity).toBe(900);
  });
});

describe('GAME_INTERNAL_PORT and WS_CONNECTIONS_PER_ADDRESS', () => {
  it('default to 8081 and 32', () => {
    const config = loadClientAgentConfig({ GLUSTER_PEER: 'g1' });
    expect(config).toMatchObject({
      gameServerPort: 443,
      gameInternalPort: 8081,
      wsConnectionsPerAddress: 32,
    });
  });

  it('take 0 as "no cap" and refuse what is not a count', () => {
    expect(
      loadClientAgentConfig({ GLUSTER_PEER: 'g1', WS_CONNECTIONS_PER_ADDRESS: '0' }).wsConnectionsPerAddress,
    ).toBe(0);
    expect(() => loadClientAgentConfig({ GLUSTER_PEER: 'g1', WS_CONNECTIONS_PER_ADDRESS: '-1' })).toThrow(
      /WS_CONNECTIONS_PER_ADDRESS/,
    );
  });

  it.each(['HTTP_CLIENT_PORT', 'GAME_SERVER_PORT', 'HEALTH_PORT'])(
    'refuse a GAME_INTERNAL_PORT equal to %s: the game server and nginx or the agent would both listen there',
    (other) => {
      expect(() =>
        loadClientAgentConfig({ GLUSTER_PEER: 'g1', GAME_INTERNAL_PORT: '9000', [other]: '9000' }),
      ).toThrow(
        /GAME_INTERNAL_PORT \("9000"\): must differ from HTTP_CLIENT_PORT, GAME_SERVER_PORT and HEALTH_PORT/,
      );
    },
  );
});
