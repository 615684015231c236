import { describe, expect, it } from 'vitest';
import type { VolumeInfo } from '../cli/volumes.js';
import { loadGlusterAgentConfig } from '../config.js';
import { clusterSpecFor } from './cluster-spec-for.js';

const volume: VolumeInfo = {
  name: 'ranchervol',
  id: 'v1',
  status: 'Started',
  type: 'Replicate',
  brickCount: 2,
  replicaCount: 2,
  arbiterCount: 0,
  bricks: [
    { host: 'gluster01', path: '/gluster_volume/brick', isArbiter: false, hostUuid: 'uuid-1' },
    { host: 'gluster02', path: '/gluster_volume/brick', isArbiter: false, hostUuid: 'uuid-2' },
  ],
  options: {},
};

describe('clusterSpecFor', () => {
  it('uses the configuration when GLUSTER_PEER is set', async () => {
    const config = await loadGlusterAgentConfig({
      GLUSTER_NODE_ADDRESS: 'gluster02',
      GLUSTER_PEER: 'gluster01',
    });
    expect(clusterSpecFor(config, ['gluster01'], false, 'uuid-2', undefined)).toMatchObject({
      self: 'gluster02',
      members: ['gluster01'],
      replica: 2,
      brickPath: '/gluster_volume/brick',
    });
  });

  it('has nothing to converge to on a peer-less node before a volume exists', async () => {
    const config = await loadGlusterAgentConfig({}, async () => ({
      name: '172.20.0.2',
      source: 'address' as const,
    }));
    expect(clusterSpecFor(config, [], false, 'uuid-1', undefined)).toBeUndefined();
  });

  it('adopts the existing layout on a peer-less node and finds its own brick by UUID, not by address', async () => {
    // The creator named this node "gluster01"; the node itself only knows its IP address.
    const config = await loadGlusterAgentConfig({}, async () => ({
      name: '172.20.0.2',
      source: 'address' as const,
    }));
    expect(clusterSpecFor(config, [], false, 'uuid-1', volume)).toMatchObject({
      self: 'gluster01',
      members: ['gluster01', 'gluster02'],
      replica: 2,
      arbiter: 0,
    });
  });

  it('goes by the name the volume records for its brick when it was configured with another one', async () => {
    // Configured as its address (RANCHER_IP), recorded by the creator under its name.
    const config = await loadGlusterAgentConfig({ RANCHER_IP: '10.42.0.8/16', GLUSTER_PEER: 'gluster01' });
    expect(clusterSpecFor(config, ['gluster01'], false, 'uuid-2', volume)).toMatchObject({
      self: 'gluster02',
      members: ['gluster01'],
    });
  });
});
