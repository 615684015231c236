import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { glusterXmlOk } from '../../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../../e2e/src/gluster-cluster.js';
import { DEFAULT_BRICK, healthUrl } from '../../../../e2e/src/gluster-node.js';
import { parsePeerStatus, parseVolumeInfo } from '../../../../e2e/src/gluster-xml.js';
import { httpGet } from '../../../../e2e/src/http-probe.js';

// The seed's cluster: gluster01 waits to be probed, gluster02 joins it and creates the volume.
const GRACE_PERIOD_S = 10;
let cluster: GlusterCluster | undefined;

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
});

afterAll(async () => {
  await cluster?.stop();
});

function node(alias: string) {
  if (!cluster) throw new Error('cluster did not start');
  return cluster.node(alias);
}

describe('a 2-node replica-2 cluster (gluster01 waits, gluster02 joins it)', () => {
  it('creates and starts one replica-2 volume with a brick on each node and the HA ping timeout', async () => {
    for (const alias of ['gluster01', 'gluster02']) {
      const [volume, ...others] = parseVolumeInfo(await glusterXmlOk(node(alias), ['volume', 'info']));
      expect(others, `${alias} sees exactly one volume`).toEqual([]);
      expect(volume).toMatchObject({
        name: 'ranchervol',
        status: 'Started',
        replicaCount: 2,
        arbiterCount: 0,
      });
      expect(volume?.bricks.map((brick) => brick.name)).toEqual([
        `gluster01:${DEFAULT_BRICK}`,
        `gluster02:${DEFAULT_BRICK}`,
      ]);
      expect(volume?.options['network.ping-timeout']).toBe('5');
    }
  });

  it('has each node see the other as a connected peer in the cluster', async () => {
    for (const [alias, other] of [
      ['gluster01', 'gluster02'],
      ['gluster02', 'gluster01'],
    ] as const) {
      const peers = parsePeerStatus(await glusterXmlOk(node(alias), ['peer', 'status']));
      expect(peers.map(({ hostname, connected, state }) => ({ hostname, connected, state }))).toEqual([
        { hostname: other, connected: true, state: 3 },
      ]);
    }
  });

  it('reaches phase ready in /status, with both bricks up and the peer connected in /metrics', async () => {
    for (const alias of ['gluster01', 'gluster02']) {
      // /readyz is 200 once the volume serves; the phase (and the metrics read from the same
      // observation) turns ready once options are set too, at the latest one reconcile round later.
      const status = await pollUntil(
        async () => {
          const answer = await httpGet(healthUrl(node(alias), '/status'));
          const body = JSON.parse(answer.body) as { phase: string; self: string };
          if (answer.status === 200 && body.phase === 'ready') return body;
          throw new Error(`${answer.status} phase ${body.phase}`);
        },
        { timeoutMs: 90_000, intervalMs: 500, description: `${alias} /status phase ready` },
      );
      expect(status).toMatchObject({ phase: 'ready', self: alias });

      const metrics = await httpGet(healthUrl(node(alias), '/metrics'));
      expect(metrics.status).toBe(200);
      for (const host of ['gluster01', 'gluster02']) {
        expect(metrics.body).toMatch(
          new RegExp(
            `^gluster_brick_up\\{[^}]*hostname="${host}"[^}]*brick_path="${DEFAULT_BRICK}"[^}]*\\} 1$`,
            'm',
          ),
        );
      }
      const other = alias === 'gluster01' ? 'gluster02' : 'gluster01';
      expect(metrics.body).toMatch(
        new RegExp(`^gluster_peer_connected\\{[^}]*hostname="${other}"[^}]*\\} 1$`, 'm'),
      );
      expect(metrics.body).toMatch(/^gluster_volume_up\{volume="ranchervol"\} 1$/m);
      expect(metrics.body).toMatch(/^gluster_agent_phase\{phase="ready"\} 1$/m);
    }
  });

  it('stops on docker stop with exit code 0 well within the grace period, all programs stopped cleanly', async () => {
    for (const alias of ['gluster02', 'gluster01']) {
      const id = node(alias).getId();
      const started = performance.now();
      // SIGTERM, then SIGKILL after the grace period: 137 would mean the agent did not stop in time.
      await execa('docker', ['stop', '--time', String(GRACE_PERIOD_S), id], { timeout: 60_000 });
      const stopSeconds = (performance.now() - started) / 1000;
      const { stdout } = await execa('docker', ['inspect', '--format', '{{json .State}}', id]);
      const state = JSON.parse(stdout) as { Running: boolean; ExitCode: number };
      expect(state).toMatchObject({ Running: false, ExitCode: 0 });
      expect(stopSeconds).toBeLessThan(GRACE_PERIOD_S / 2);
      const logs = await execa('docker', ['logs', id], { all: true });
      expect(logs.all).toContain('all programs stopped (cleanly)');
    }
  });
});
