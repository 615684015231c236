import { type AsteroidsNode, startAsteroids } from '../e2e/src/asteroids-node.js';
import { type GlusterCluster, startGlusterCluster } from '../e2e/src/gluster-cluster.js';

/** The seed's stack on its own network: gluster01, gluster02 and one asteroids container. */
export interface BenchStack {
  cluster: GlusterCluster;
  asteroids: AsteroidsNode;
  /** Container ids of the three agents, gluster01, gluster02, asteroids. */
  ids: { gluster01: string; gluster02: string; asteroids: string };
  /** Removes every container, its volumes and the network. */
  remove(): Promise<void>;
}

/**
 * Starts gluster01 and gluster02 (replica 2, as in the compose file) and an asteroids container
 * from `asteroidsImage`, and waits until all three are ready. Removes what it started on failure.
 */
export async function startBenchStack(
  asteroidsImage: string,
  env: Record<string, string> = {},
): Promise<BenchStack> {
  const cluster = await startGlusterCluster({
    nodes: [
      { alias: 'gluster01', env },
      { alias: 'gluster02', env: { ...env, GLUSTER_PEER: 'gluster01' } },
    ],
  });
  try {
    const asteroids = await startAsteroids({ network: cluster.network, image: asteroidsImage, env });
    return {
      cluster,
      asteroids,
      ids: {
        gluster01: cluster.node('gluster01').getId(),
        gluster02: cluster.node('gluster02').getId(),
        asteroids: asteroids.id,
      },
      async remove() {
        await asteroids.remove();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
