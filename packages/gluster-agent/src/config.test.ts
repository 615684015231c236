import { ConfigError } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { loadGlusterAgentConfig } from './config.js';

const noAddress = async () => undefined;
const address = async () => ({ name: '172.20.0.5', source: 'address' as const });

async function problemsOf(env: NodeJS.ProcessEnv): Promise<ConfigError> {
  try {
    await loadGlusterAgentConfig(env, address);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('gluster-agent configuration', () => {
  it("keeps the seed's defaults and waits to be probed without GLUSTER_PEER", async () => {
    const config = await loadGlusterAgentConfig({}, address);
    expect(config).toMatchObject({
      peers: [],
      self: '172.20.0.5',
      volumeName: 'ranchervol',
      replica: 2,
      arbiter: 0,
      brickRoot: '/gluster_volume',
      brickPath: '/gluster_volume/brick',
      healthPort: 8080,
      reconcileSchedule: '*/30 * * * * *',
    });
    expect((await loadGlusterAgentConfig({ GLUSTER_PEER: '**ChangeMe**' }, address)).peers).toEqual([]);
  });

  it('takes the node address from GLUSTER_NODE_ADDRESS, else RANCHER_IP without its prefix length', async () => {
    expect(
      (
        await loadGlusterAgentConfig(
          { GLUSTER_NODE_ADDRESS: 'gluster02', RANCHER_IP: '10.42.0.7/16' },
          address,
        )
      ).self,
    ).toBe('gluster02');
    expect((await loadGlusterAgentConfig({ RANCHER_IP: '10.42.0.7/16' }, address)).self).toBe('10.42.0.7');
  });

  it('leaves this node out of its own peer list', async () => {
    const config = await loadGlusterAgentConfig(
      {
        GLUSTER_NODE_ADDRESS: 'gluster02',
        GLUSTER_PEER: 'gluster01,gluster02,gluster03',
        GLUSTER_REPLICA: '3',
      },
      address,
    );
    expect(config.peers).toEqual(['gluster01', 'gluster03']);
  });

  it('reads an arbiter layout and extra volume options', async () => {
    const config = await loadGlusterAgentConfig(
      {
        GLUSTER_PEER: 'gluster01,gluster02',
        GLUSTER_REPLICA: '3',
        GLUSTER_ARBITER: '1',
        GLUSTER_VOLUME_OPTIONS: 'network.ping-timeout=10, performance.cache-size=64MB',
      },
      address,
    );
    expect(config.arbiter).toBe(1);
    expect(config.extraVolumeOptions).toEqual({
      'network.ping-timeout': '10',
      'performance.cache-size': '64MB',
    });
  });

  it('reads a volume option whose value is a list, next to other options', async () => {
    const config = await loadGlusterAgentConfig(
      { GLUSTER_VOLUME_OPTIONS: 'auth.allow=10.0.0.1,10.0.0.2, network.ping-timeout=10' },
      address,
    );
    expect(config.extraVolumeOptions).toEqual({
      'auth.allow': '10.0.0.1,10.0.0.2',
      'network.ping-timeout': '10',
    });
  });

  it('has TLS on by default, with the stack CA at its documented path', async () => {
    const config = await loadGlusterAgentConfig({}, address);
    expect(config.tls).toEqual({
      mode: 'on',
      caFile: '/run/secrets/gluster-asteroids/stack-ca.pem',
      caWaitMs: 30_000,
    });
    expect(config.authAllow).toEqual([]);
  });

  it('refuses GLUSTER_TLS=off without GLUSTER_AUTH_ALLOW, naming the variable and the fix', async () => {
    const error = await problemsOf({ GLUSTER_TLS: 'off' });
    expect(error.message).toMatch(/GLUSTER_AUTH_ALLOW.*GLUSTER_TLS=off/s);
    const config = await loadGlusterAgentConfig(
      { GLUSTER_TLS: 'off', GLUSTER_AUTH_ALLOW: '172.18.0.*, 10.0.0.5' },
      address,
    );
    expect(config.authAllow).toEqual(['172.18.0.*', '10.0.0.5']);
    expect((await problemsOf({ GLUSTER_TLS: 'maybe' })).message).toMatch(/GLUSTER_TLS/);
  });

  it('reports every bad variable at once, naming each', async () => {
    const error = await problemsOf({
      GLUSTER_REPLICA: 'two',
      GLUSTER_BRICK_PATH: 'bricks',
      GLUSTER_PEER: 'gluster01,,gluster02',
      GLUSTER_VOLUME_OPTIONS: 'ping-timeout',
      GLUSTER_RECONCILE_SCHEDULE: 'often',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'GLUSTER_BRICK_PATH',
      'GLUSTER_PEER',
      'GLUSTER_RECONCILE_SCHEDULE',
      'GLUSTER_REPLICA',
      'GLUSTER_VOLUME_OPTIONS',
    ]);
    expect(error.message).toContain('GLUSTER_REPLICA ("two"): must be a whole number from 2 to 3');
  });

  it('rejects an arbiter without replica 3 and a node count that does not fill replica sets', async () => {
    const error = await problemsOf({ GLUSTER_ARBITER: '1', GLUSTER_PEER: 'gluster01,gluster02' });
    expect(error.problems.map((p) => p.variable)).toEqual(['GLUSTER_ARBITER', 'GLUSTER_PEER']);
    expect(error.message).toContain('needs GLUSTER_REPLICA=3');
    expect(error.message).toContain('would have 3 bricks');
  });

  it('rejects a malformed RANCHER_IP and says when no address can be found', async () => {
    expect((await problemsOf({ RANCHER_IP: 'ten.0.0.1/16' })).message).toContain(
      'RANCHER_IP ("ten.0.0.1/16"): must be an IPv4 address',
    );
    await expect(loadGlusterAgentConfig({}, noAddress)).rejects.toThrow(
      /GLUSTER_NODE_ADDRESS \(unset\): is required/,
    );
  });
});
