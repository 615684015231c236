import { ConfigError } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { loadClientAgentConfig } from './config.js';

describe('client-agent configuration', () => {
  it("derives the seed's paths and ports from GLUSTER_PEER alone", () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'gluster01,gluster02' })).toMatchObject({
      peers: ['gluster01', 'gluster02'],
      volumeName: 'ranchervol',
      mountPoint: '/mnt/ranchervol',
      documentRoot: '/var/lib/asteroids/documentroot',
      documentRootPinned: false,
      releasesKeep: 3,
      httpPort: 80,
      gameServerPort: 443,
      gameRepo: 'file:///opt/gluster-asteroids/game.git',
      publicHost: undefined,
      discovery: { enabled: false },
    });
  });

  it('follows GLUSTER_VOL into the default mount point', () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'g1', GLUSTER_VOL: 'games' })).toMatchObject({
      mountPoint: '/mnt/games',
    });
  });

  it('serves the release link unless HTTP_DOCUMENTROOT pins a docroot', () => {
    expect(
      loadClientAgentConfig({ GLUSTER_PEER: 'g1', HTTP_DOCUMENTROOT: '/mnt/ranchervol/mine/' }),
    ).toMatchObject({ documentRoot: '/mnt/ranchervol/mine', documentRootPinned: true });
    expect(() => loadClientAgentConfig({ GLUSTER_PEER: 'g1', HTTP_DOCUMENTROOT: 'mine' })).toThrow(
      /HTTP_DOCUMENTROOT/,
    );
  });

  it('keeps 3 unused game releases by default; GAME_RELEASES_KEEP sets it, 1 to 100', () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'g1', GAME_RELEASES_KEEP: '5' }).releasesKeep).toBe(5);
    for (const bad of ['0', '101', 'all']) {
      expect(() => loadClientAgentConfig({ GLUSTER_PEER: 'g1', GAME_RELEASES_KEEP: bad })).toThrow(
        /GAME_RELEASES_KEEP/,
      );
    }
  });

  it('turns on DNS discovery with its server, name, timeout and retries', () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'g1', PUBLIC_ADDRESS_DISCOVERY: '1' }).discovery).toEqual({
      enabled: true,
      server: 'ns1.google.com',
      port: 53,
      name: 'o-o.myaddr.l.google.com',
      timeoutMs: 2_000,
      retries: 2,
    });
  });

  it('requires GLUSTER_PEER, as the seed did, and treats its placeholder as missing', () => {
    expect(() => loadClientAgentConfig({})).toThrow(/GLUSTER_PEER \(unset\): is required/);
    expect(() => loadClientAgentConfig({ GLUSTER_PEER: '**ChangeMe**' })).toThrow(/GLUSTER_PEER/);
  });

  it('reports bad ports and clashing ports together', () => {
    let error: unknown;
    try {
      loadClientAgentConfig({ GLUSTER_PEER: 'g1,,g2', HTTP_CLIENT_PORT: '0', GAME_SERVER_PORT: 'https' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'GAME_SERVER_PORT',
      'GLUSTER_PEER',
      'HTTP_CLIENT_PORT',
    ]);
    expect(() =>
      loadClientAgentConfig({ GLUSTER_PEER: 'g1', HTTP_CLIENT_PORT: '8000', GAME_SERVER_PORT: '8000' }),
    ).toThrow(/GAME_SERVER_PORT \("8000"\): must differ from HTTP_CLIENT_PORT/);
  });

  it('waits up to 10 s for every brick by default; STORAGE_BRICKS_WAIT_S sets it, 0 to 300 s', () => {
    expect(loadClientAgentConfig({ GLUSTER_PEER: 'g1' }).storageBricksWaitMs).toBe(10_000);
    expect(
      loadClientAgentConfig({ GLUSTER_PEER: 'g1', STORAGE_BRICKS_WAIT_S: '2.5' }).storageBricksWaitMs,
    ).toBe(2_500);
    expect(
      loadClientAgentConfig({ GLUSTER_PEER: 'g1', STORAGE_BRICKS_WAIT_S: '0' }).storageBricksWaitMs,
    ).toBe(0);
    expect(() => loadClientAgentConfig({ GLUSTER_PEER: 'g1', STORAGE_BRICKS_WAIT_S: '301' })).toThrow(
      /STORAGE_BRICKS_WAIT_S/,
    );
  });
});
