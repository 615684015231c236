import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initStackCa, type StackCa } from '@gluster-asteroids/agent-runtime';
import { execa } from 'execa';
import type { StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEndpoint } from '../../../../e2e/src/agent-status.js';
import { startFuseClient } from '../../../../e2e/src/fuse-client.js';
import { execOk } from '../../../../e2e/src/gluster-cli.js';
import {
  type GlusterCluster,
  removeContainer,
  startGlusterCluster,
} from '../../../../e2e/src/gluster-cluster.js';
import { healthUrl, idleGlusterContainer } from '../../../../e2e/src/gluster-node.js';
import { IMAGES } from '../../../../e2e/src/images.js';
import { runToExit } from '../../../../e2e/src/run-to-exit.js';
import { type ContainerFile, ensureTestStackCa, memberTlsFiles } from '../../../../e2e/src/stack-ca.js';

// TLS by default (issue #17): with the stack's CA, nobody outside the stack mounts the volume,
// reads its definition or joins the pool, and what members write crosses the network encrypted.
// Positive controls (a member mounts and reads) keep the refusals from passing by accident.

let cluster: GlusterCluster;
let member: StartedTestContainer;
let otherCaDir: string;
let otherCa: StackCa;
const outsiders: StartedTestContainer[] = [];

/** A container on the stack's network with gluster's client, CLI and glusterd, but not of the stack. */
async function outsider(files: ContainerFile[]): Promise<StartedTestContainer> {
  const container = await idleGlusterContainer(IMAGES['gluster-server'].tag, cluster.network)
    .withNetworkAliases(`outsider-${outsiders.length}`)
    .withCopyContentToContainer(files)
    .start();
  outsiders.push(container);
  return container;
}

/** What an outsider gets when it tries to mount, read the volume definition and join the pool. */
async function tryEverything(container: StartedTestContainer) {
  await execOk(container, ['mkdir', '-p', '/mnt/ranchervol']);
  const mount = await container.exec([
    'timeout',
    '30',
    'mount',
    '-t',
    'glusterfs',
    'gluster01:/ranchervol',
    '/mnt/ranchervol',
  ]);
  const mounted = (await container.exec(['mountpoint', '-q', '/mnt/ranchervol'])).exitCode === 0;
  const info = await container.exec([
    'timeout',
    '20',
    'gluster',
    '--remote-host=gluster01',
    '--mode=script',
    'volume',
    'info',
    'ranchervol',
  ]);
  // Its own glusterd asks to join the pool.
  await execOk(container, ['sh', '-c', 'glusterd --log-file=/tmp/glusterd.log']);
  const probe = await container.exec([
    'timeout',
    '30',
    'gluster',
    '--mode=script',
    'peer',
    'probe',
    'gluster01',
  ]);
  const pool = await execOk(cluster.node('gluster01'), ['gluster', '--mode=script', 'pool', 'list']);
  return { mount, mounted, info, probe, pool };
}

beforeAll(async () => {
  cluster = await startGlusterCluster({
    nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
  });
  member = await startFuseClient({ network: cluster.network });
  otherCaDir = await mkdtemp(join(tmpdir(), 'ga-other-ca-'));
  otherCa = (await initStackCa(join(otherCaDir, 'stack-ca.pem'))).ca;
});

afterAll(async () => {
  await Promise.all([...outsiders, member].filter(Boolean).map((c) => removeContainer(c.getId())));
  await cluster?.stop();
  if (otherCaDir) await rm(otherCaDir, { recursive: true, force: true });
});

describe('TLS on by default', () => {
  it('lets a member with a certificate from the stack CA mount and write, on a volume whose I/O path is TLS', async () => {
    await execOk(member, ['sh', '-c', 'echo member > /mnt/ranchervol/member.txt']);
    expect(await execOk(member, ['cat', '/mnt/ranchervol/member.txt'])).toBe('member\n');
    // The servers say the I/O path is TLS, with the stack CA as the only issuer.
    const options = await execOk(cluster.node('gluster01'), [
      'gluster',
      'volume',
      'get',
      'ranchervol',
      'all',
    ]);
    expect(options).toMatch(/client\.ssl\s+on/);
    expect(options).toMatch(/server\.ssl\s+on/);
    expect(options).toMatch(/ssl\.ca-list\s+\/etc\/ssl\/glusterfs\.ca/);
  });

  it.each([
    ['without a certificate', async () => []],
    ['whose certificate comes from another CA', async () => memberTlsFiles(otherCa, 'intruder')],
  ])('refuses a container %s: no mount, no volume definition, no joining the pool', async (_, files) => {
    const result = await tryEverything(await outsider(await files()));
    expect(result.mount.exitCode).not.toBe(0);
    expect(result.mounted).toBe(false);
    expect(result.info.stdout).not.toContain('Volume Name');
    expect(result.probe.exitCode).not.toBe(0);
    expect(result.pool).not.toContain('outsider');
  });

  it('sends no plaintext of a file just written over the network (capture in the server namespace)', async () => {
    const marker = `plaintext-marker-${randomUUID()}`;
    const { stdout: pid } = await execa('docker', [
      'inspect',
      '--format',
      '{{.State.Pid}}',
      cluster.node('gluster01').getId(),
    ]);
    const capture = join(otherCaDir, 'brick.pcap');
    const tcpdump = execa(
      'nsenter',
      [`--net=/proc/${pid.trim()}/ns/net`, 'tcpdump', '-Z', 'root', '-i', 'any', '-U', '-w', capture, 'tcp'],
      { reject: false, timeout: 60_000 },
    );
    // Capturing once tcpdump says it listens.
    await new Promise<void>((resolve) => {
      tcpdump.stderr?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening on')) resolve();
      });
    });
    // 256 KiB of the marker, so the write is many packets, none of which may carry it in clear.
    await execOk(member, [
      'sh',
      '-c',
      'yes "$1" | head -c 262144 > /mnt/ranchervol/secret.txt && sync',
      'sh',
      marker,
    ]);
    expect(await execOk(member, ['head', '-c', String(marker.length), '/mnt/ranchervol/secret.txt'])).toBe(
      marker,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    tcpdump.kill('SIGTERM');
    const { stderr } = await tcpdump;
    const bytes = await readFile(capture);
    // The capture saw the write's traffic (it is not empty), and none of it is the file's text.
    expect(bytes.length, stderr).toBeGreaterThan(262_144);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from('secret.txt'))).toBe(false);
  });

  it('reports TLS and days to expiry in /status and as metrics', async () => {
    const { body } = await agentEndpoint<{ tls: { mode: string; subject: string; daysLeft: number } }>(
      cluster.node('gluster01').getId(),
      '/status',
    );
    expect(body.tls).toMatchObject({ mode: 'on', subject: 'CN=gluster01' });
    expect(body.tls.daysLeft).toBeGreaterThan(300);
    const metrics = await (await fetch(healthUrl(cluster.node('gluster02'), '/metrics'))).text();
    expect(metrics).toMatch(/^ga_tls_enabled 1$/m);
    expect(metrics).toMatch(/^ga_tls_certificate_expiry_days\{certificate="member"\} 3\d\d/m);
    expect(metrics).toMatch(/^ga_tls_certificate_expiry_days\{certificate="ca"\} \d{4}/m);
  });
});

describe('a server without the stack CA', () => {
  it('says at once what it waits for, then exits 78 naming the missing file and how to create it', async () => {
    await ensureTestStackCa();
    const { exitCode, output } = await runToExit({
      // A short wait: the default 30 s is for compose's stack-ca one-shot, started alongside.
      env: { GLUSTER_NODE_ADDRESS: 'lonely', GLUSTER_TLS_CA_WAIT_S: '2' },
      network: 'none',
      withoutStackCa: true,
      timeoutMs: 60_000,
    });
    expect(exitCode).toBe(78);
    expect(output).toContain('waiting up to 2 s for the stack CA');
    expect(output).toContain('GA_TLS_CA_MISSING');
    expect(output).toContain('/run/secrets/gluster-asteroids/stack-ca.pem');
    expect(output).toContain('init-stack-ca');
    expect(output).not.toContain('PRIVATE KEY');
  });

  it('stopped while it waits for the CA, exits 0 at once: a stop, not a missing CA', async () => {
    const started = performance.now();
    const { exitCode, output } = await runToExit({
      env: { GLUSTER_NODE_ADDRESS: 'lonely' },
      network: 'none',
      withoutStackCa: true,
      stopOnOutput: 'waiting up to 30 s for the stack CA',
      timeoutMs: 60_000,
    });
    expect(exitCode).toBe(0);
    expect(output).not.toContain('GA_TLS_CA_MISSING');
    // Well within the 30 s wait and Docker's 10 s grace period.
    expect(performance.now() - started).toBeLessThan(25_000);
  });
});
