import { afterAll, describe, expect, it } from 'vitest';
import { composeProject, stackUpProblems } from '../src/compose-project.js';
import { parsePeerStatus, parseVolumeInfo } from '../src/gluster-xml.js';
import { waitForHttpStatus } from '../src/http-probe.js';

// docker-compose.3-nodes.yml on top of docker-compose.yml, as the README tells users to run it.

const STORAGE = ['gluster01', 'gluster02', 'gluster03'];
const UP_TIMEOUT_S = 240;

describe('docker-compose.3-nodes.yml: three storage nodes, replica 3 with quorum', () => {
  const project = composeProject({
    files: ['docker-compose.yml', 'docker-compose.3-nodes.yml'],
    env: { BIND_ADDRESS: '127.0.0.1', HTTP_PORT: '0', GAME_PORT: '0' },
  });

  afterAll(async () => {
    await project.destroy();
  });

  it('comes up healthy with a replica 3 volume (quorum auto) on all three nodes and serves the game', async () => {
    const started = performance.now();
    await project.up(UP_TIMEOUT_S);
    console.log(`${project.name}: up --wait ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(stackUpProblems(await project.services(), [...STORAGE, 'asteroids'])).toEqual([]);

    const [volume] = parseVolumeInfo(
      await project.exec('gluster03', ['gluster', '--mode=script', '--xml', 'volume', 'info', 'ranchervol']),
    );
    expect(volume).toMatchObject({ status: 'Started', replicaCount: 3, arbiterCount: 0 });
    expect(volume?.bricks.map((brick) => brick.name.split(':')[0]).sort()).toEqual(STORAGE);
    expect(volume?.options['cluster.quorum-type']).toBe('auto');
    const peers = parsePeerStatus(
      await project.exec('gluster01', ['gluster', '--mode=script', '--xml', 'peer', 'status']),
    );
    expect(peers.filter((peer) => peer.connected && peer.state === 3)).toHaveLength(2);

    const page = await waitForHttpStatus(
      `http://127.0.0.1:${await project.port('asteroids', 80)}/`,
      200,
      30_000,
    );
    expect(page.body).toMatch(/<html/i);
  });
});
