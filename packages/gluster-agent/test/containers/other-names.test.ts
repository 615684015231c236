import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogLines } from '../../../../e2e/src/agent-log.js';
import { agentEndpoint, type GlusterAgentStatus } from '../../../../e2e/src/agent-status.js';
import { containerLogs, containerState } from '../../../../e2e/src/docker-state.js';
import { glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { removeContainer, startNetwork, waitAllReady } from '../../../../e2e/src/gluster-cluster.js';
import { glusterNodeContainer } from '../../../../e2e/src/gluster-node.js';
import { parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';

/**
 * The documented 3-node Rancher layout names a node one way in its own configuration (its
 * address, RANCHER_IP) and another way in its peers' GLUSTER_PEER (its name). Here gluster02
 * knows itself as "storage-b", a second name of the same container, while the others list it as
 * "gluster02": whichever name its brick is recorded under, every node must find the same layout
 * and serve, where names compared as text used to end in GA_VOLUME_CONFLICT (exit 78) in a loop.
 */
const REPLICA_3 = { GLUSTER_REPLICA: '3' };
let network: StartedNetwork | undefined;
const nodes = new Map<string, StartedTestContainer>();

beforeAll(async () => {
  network = await startNetwork();
  const net = network;
  const specs = [
    { alias: 'gluster01', env: REPLICA_3 },
    {
      alias: 'gluster02',
      env: { ...REPLICA_3, GLUSTER_NODE_ADDRESS: 'storage-b', GLUSTER_PEER: 'gluster01,gluster03' },
    },
    { alias: 'gluster03', env: { ...REPLICA_3, GLUSTER_PEER: 'gluster01,gluster02' } },
  ];
  await Promise.all(
    specs.map(async (spec) => {
      let container = glusterNodeContainer(spec, { network: net });
      if (spec.alias === 'gluster02') container = container.withNetworkAliases('storage-b');
      nodes.set(spec.alias, await container.start());
    }),
  );
  await waitAllReady(nodes.values(), 120_000);
});

afterAll(async () => {
  await Promise.all([...nodes.values()].map((node) => removeContainer(node.getId())));
  await network?.stop();
});

describe('a node its peers know by another name than its own', () => {
  it('forms one replica 3 volume that every node accepts, with no conflict and no restart', async () => {
    const [volume] = parseVolumeInfo(
      await glusterXmlOk(nodes.get('gluster01') as StartedTestContainer, ['volume', 'info', 'ranchervol']),
    );
    expect(volume?.bricks).toHaveLength(3);
    for (const [alias, node] of nodes) {
      const status = (await agentEndpoint<GlusterAgentStatus>(node.getId(), '/status')).body;
      expect(status.phase, alias).not.toBe('conflict');
      expect(await containerState(node.getId())).toMatchObject({ running: true, restartCount: 0 });
      const conflicts = agentLogLines(await containerLogs(node.getId())).filter(
        (line) => line.code === 'GA_VOLUME_CONFLICT',
      );
      expect(conflicts, alias).toEqual([]);
    }
    // gluster02 goes by the name its brick was recorded under.
    const recorded = volume?.bricks.map((brick) => brick.name.split(':')[0]) ?? [];
    const self = (
      await agentEndpoint<GlusterAgentStatus>(
        (nodes.get('gluster02') as StartedTestContainer).getId(),
        '/status',
      )
    ).body.self;
    expect(['gluster02', 'storage-b']).toContain(self);
    expect(recorded.filter((host) => host === 'gluster02' || host === 'storage-b')).toHaveLength(1);
  });
});
