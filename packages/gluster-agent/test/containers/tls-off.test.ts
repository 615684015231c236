import { randomUUID } from 'node:crypto';
import { getContainerRuntimeClient, StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEndpoint } from '../../../../e2e/src/agent-status.js';
import { pollUntil } from '../../../../e2e/src/deadline.js';
import { startFuseClient } from '../../../../e2e/src/fuse-client.js';
import { execOk, glusterXml, glusterXmlOk, succeeded } from '../../../../e2e/src/gluster-cli.js';
import { removeContainer, waitAllReady } from '../../../../e2e/src/gluster-cluster.js';
import {
  DEFAULT_BRICK,
  healthUrl,
  idleGlusterContainer,
  startGlusterNode,
} from '../../../../e2e/src/gluster-node.js';
import { parseBrickStatus, parseVolumeInfo, xmlBlocks, xmlText } from '../../../../e2e/src/gluster-xml.js';
import { IMAGES } from '../../../../e2e/src/images.js';

// Opting out of TLS (docs/operations.md): GLUSTER_TLS=off everywhere and GLUSTER_AUTH_ALLOW on
// the servers. The volume forms and heals as with TLS, no TLS file is left anywhere, and the only
// gate is auth.allow: a client at an allowed address mounts, one at another address does not.
//
// Addresses are fixed by a network whose subnet the test chooses: servers take Docker's dynamic
// addresses from the first /24, the allowed client a fixed one in the second /24 (the one
// GLUSTER_AUTH_ALLOW's wildcard names), the outsider a fixed one in the third. So the servers'
// own addresses are NOT allowed: the self-heal daemon and `heal info` pass only if gluster's
// internal clients get in by their auth.login credentials, which the heal test shows.

const TIMEOUT_MS = 90_000;
const VOLUME = 'ranchervol';
const LABELS = { 'org.gluster-asteroids.test': 'true' };

/** IPv4 address <-> number, for laying out the subnet. */
const toNumber = (address: string) => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

interface Layout {
  network: StartedNetwork;
  /** The first three octets of the allowed /24, e.g. 172.20.1 (GLUSTER_AUTH_ALLOW is `<it>.*`). */
  allowedPrefix: string;
  allowedClient: string;
  outsider: string;
}

/**
 * A bridge network on a subnet Docker itself would pick (asked of a throw-away network, so it
 * clashes with no route or network of this host), recreated with that subnet explicitly so
 * containers can get fixed addresses. Retried if another suite takes the subnet in between.
 */
async function startLaidOutNetwork(): Promise<Layout> {
  const client = await getContainerRuntimeClient();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const probe = await client.network.create({ Name: `ga-probe-${randomUUID()}`, Labels: LABELS });
    let subnet: string | undefined;
    try {
      subnet = (await probe.inspect()).IPAM?.Config?.[0]?.Subnet;
    } finally {
      await client.network.remove(probe);
    }
    const [base = '', bits = ''] = subnet?.split('/') ?? [];
    if (Number(bits) > 22) throw new Error(`Docker offered ${subnet}: the layout needs a /22 or larger`);
    const first = toNumber(base);
    const name = `ga-tls-off-${randomUUID()}`;
    try {
      const network = await client.network.create({
        Name: name,
        Driver: 'bridge',
        Labels: LABELS,
        IPAM: {
          Config: [{ Subnet: subnet, IPRange: `${base}/24`, Gateway: toAddress(first + 1) }],
        },
      });
      return {
        network: new StartedNetwork(client, name, network),
        allowedPrefix: toAddress(first + 256).replace(/\.0$/, ''),
        allowedClient: toAddress(first + 256 + 10),
        outsider: toAddress(first + 512 + 10),
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error('could not create a network with a subnet of its own', { cause: lastError });
}

let layout: Layout;
let authAllow: string;
const servers = new Map<string, StartedTestContainer>();
const clients: StartedTestContainer[] = [];

function server(alias: string): StartedTestContainer {
  const node = servers.get(alias);
  if (!node) throw new Error(`no server ${alias}`);
  return node;
}

/**
 * Whether `heal info summary` (glfsheal: a gfapi client on the server, from a server address)
 * answers with both bricks connected and nothing left to heal.
 */
async function nothingToHeal(node: StartedTestContainer): Promise<boolean> {
  const result = await glusterXml(node, ['volume', 'heal', VOLUME, 'info', 'summary']);
  const bricks = xmlBlocks(result.stdout, 'brick');
  return (
    succeeded(result) &&
    bricks.length === 2 &&
    bricks.every(
      (brick) => xmlText(brick, 'status') === 'Connected' && xmlText(brick, 'totalNumberOfEntries') === '0',
    )
  );
}

beforeAll(async () => {
  layout = await startLaidOutNetwork();
  authAllow = `${layout.allowedPrefix}.*`;
  // The nodes still get the test stack CA mounted: with TLS off they must ignore it.
  const env = { GLUSTER_TLS: 'off', GLUSTER_AUTH_ALLOW: authAllow };
  const specs = [
    { alias: 'gluster01', env },
    { alias: 'gluster02', env: { ...env, GLUSTER_PEER: 'gluster01' } },
  ];
  const started = await Promise.allSettled(
    specs.map(async (spec) => {
      servers.set(spec.alias, await startGlusterNode(spec, { network: layout.network }));
    }),
  );
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  await waitAllReady(servers.values(), 120_000);
  // A bare FUSE client without any TLS file (it has no agent: GLUSTER_TLS would mean nothing).
  clients.push(await startFuseClient({ network: layout.network, tls: false, address: layout.allowedClient }));
});

afterAll(async () => {
  await Promise.all([...clients, ...servers.values()].map((c) => removeContainer(c.getId())));
  await layout?.network.stop();
});

describe('TLS off, with GLUSTER_AUTH_ALLOW', () => {
  it('forms the volume from servers auth.allow does not list: both bricks and self-heal daemons online', async () => {
    for (const node of servers.values()) {
      const address = node.getIpAddress(layout.network.getName());
      expect(address.split('.').slice(0, 3).join('.')).not.toBe(layout.allowedPrefix);
    }
    const status = await glusterXmlOk(server('gluster01'), ['volume', 'status', VOLUME]);
    expect(parseBrickStatus(status).map((brick) => [brick.hostname, brick.online])).toEqual([
      ['gluster01', true],
      ['gluster02', true],
    ]);
    const daemons = xmlBlocks(status, 'node').filter(
      (node) => xmlText(node, 'hostname') === 'Self-heal Daemon',
    );
    expect(daemons.map((node) => xmlText(node, 'status'))).toEqual(['1', '1']);
  });

  it('runs the volume on plain text: auth.allow as configured, no ssl option, no TLS file anywhere', async () => {
    const [volume] = parseVolumeInfo(await glusterXmlOk(server('gluster01'), ['volume', 'info', VOLUME]));
    expect(volume?.status).toBe('Started');
    expect(volume?.options['auth.allow']).toBe(authAllow);
    const options = await execOk(server('gluster02'), ['gluster', 'volume', 'get', VOLUME, 'all']);
    expect(options).toMatch(/^client\.ssl\s+off\s*$/m);
    expect(options).toMatch(/^server\.ssl\s+off\s*$/m);
    for (const container of [...servers.values(), ...clients]) {
      const found = await execOk(container, [
        'sh',
        '-c',
        'ls -d /var/lib/glusterd/secure-access /etc/ssl/glusterfs.* 2>/dev/null || true',
      ]);
      expect(found).toBe('');
    }
  });

  it('lets a client at an allowed address mount, write and read', async () => {
    const [client] = clients;
    if (!client) throw new Error('no client');
    expect(client.getIpAddress(layout.network.getName())).toBe(layout.allowedClient);
    await execOk(client, ['sh', '-c', `echo allowed > /mnt/${VOLUME}/allowed.txt`]);
    expect(await execOk(client, ['cat', `/mnt/${VOLUME}/allowed.txt`])).toBe('allowed\n');
  });

  it('refuses a client on the same network at an address auth.allow does not match', async () => {
    const outsider = await idleGlusterContainer(IMAGES.asteroids.tag, layout.network)
      .withIpv4Address(layout.outsider)
      .start();
    clients.push(outsider);
    expect(outsider.getIpAddress(layout.network.getName())).toBe(layout.outsider);
    await execOk(outsider, ['mkdir', '-p', `/mnt/${VOLUME}`]);
    // Not judged by mount's exit status: mount.glusterfs stats the mount point once, and when the
    // refused client has already unmounted, that stat finds the bare directory and it exits 0.
    await outsider.exec([
      'timeout',
      '30',
      'mount',
      '-t',
      'glusterfs',
      `gluster01:/${VOLUME}`,
      `/mnt/${VOLUME}`,
    ]);
    // The bricks refused it (it reached them, so the refusal is auth.allow's), and it is gone.
    const refused = await pollUntil(
      async () => {
        const log = await execOk(outsider, ['sh', '-c', `cat /var/log/glusterfs/mnt-${VOLUME}.log || true`]);
        const mounts = await execOk(outsider, ['cat', '/proc/mounts']);
        return log.includes('Server authentication failed') && !mounts.includes('fuse.glusterfs')
          ? log
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, description: 'the outsider refused and not mounted' },
    );
    expect(refused).toMatch(/SETVOLUME on remote-host failed \[\{remote-error=Authentication failed\}/);
    expect((await outsider.exec(['mountpoint', '-q', `/mnt/${VOLUME}`])).exitCode).not.toBe(0);
    expect((await outsider.exec(['test', '-e', `/mnt/${VOLUME}/allowed.txt`])).exitCode).not.toBe(0);
  });

  it('heals a brick that missed writes: the self-heal daemon gets in without an allowed address', async () => {
    const [client] = clients;
    if (!client) throw new Error('no client');
    const status = await glusterXmlOk(server('gluster01'), ['volume', 'status', VOLUME]);
    const pid = xmlBlocks(status, 'node')
      .filter((node) => xmlText(node, 'hostname') === 'gluster02' && xmlText(node, 'path') === DEFAULT_BRICK)
      .map((node) => xmlText(node, 'pid'))[0];
    expect(pid).toMatch(/^\d+$/);
    // gluster02's brick hangs (its process alive, so no agent restarts it); the client gives up
    // on it after network.ping-timeout (5 s) and writes to gluster01 alone.
    await execOk(server('gluster02'), ['sh', '-c', 'kill -STOP "$1"', 'sh', String(pid)]);
    try {
      await execOk(client, [
        'timeout',
        '60',
        'sh',
        '-c',
        `mkdir /mnt/${VOLUME}/missed && for i in 1 2 3; do echo "missed $i" > /mnt/${VOLUME}/missed/$i.txt; done`,
      ]);
      // gluster01's brick indexes what gluster02's lacks (what heal info counts), and it lacks it.
      const pending = await execOk(server('gluster01'), [
        'sh',
        '-c',
        `ls ${DEFAULT_BRICK}/.glusterfs/indices/xattrop | grep -vc '^xattrop-' || true`,
      ]);
      expect(Number(pending)).toBeGreaterThan(0);
      const missing = await server('gluster02').exec(['test', '-e', `${DEFAULT_BRICK}/missed`]);
      expect(missing.exitCode).not.toBe(0);
    } finally {
      await execOk(server('gluster02'), ['sh', '-c', 'kill -CONT "$1"', 'sh', String(pid)]);
    }
    // The client does not touch the files again: only the self-heal daemon copies them over.
    const healed = await pollUntil(
      async () => {
        if (!(await nothingToHeal(server('gluster01')))) return undefined;
        const copy = await server('gluster02').exec(['cat', `${DEFAULT_BRICK}/missed/3.txt`]);
        return copy.exitCode === 0 ? copy.stdout : undefined;
      },
      { timeoutMs: TIMEOUT_MS, intervalMs: 2_000, description: 'heal pending 0 and gluster02 healed' },
    );
    expect(healed).toBe('missed 3\n');
    const shdLogs = await Promise.all(
      [...servers.values()].map((node) => execOk(node, ['cat', '/var/log/glusterfs/glustershd.log'])),
    );
    expect(shdLogs.join('\n')).toMatch(/Completed (data|entry|metadata) selfheal/);
  });

  it('reports TLS off in /status and metrics', async () => {
    const { body } = await agentEndpoint<{ tls: { mode: string; note: string } }>(
      server('gluster01').getId(),
      '/status',
    );
    expect(body.tls.mode).toBe('off');
    expect(body.tls.note).toContain(authAllow);
    const metrics = await (await fetch(healthUrl(server('gluster02'), '/metrics'))).text();
    expect(metrics).toMatch(/^ga_tls_enabled 0$/m);
  });
});
