import { createLogger, ManualClock, Supervisor } from '@gluster-asteroids/agent-runtime';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadClientAgentConfig } from '../config.js';
import { WsRefusals } from '../nginx/ws-refusals.js';
import { PeerMonitor } from '../peers/peer-monitor.js';
import type { BrickConnection } from '../storage/brick-connections.js';
import { BrickMonitor, type BrickView } from '../storage/brick-monitor.js';
import type { WriteCheck } from '../storage/write-check.js';
import { WriteMonitor } from '../storage/write-monitor.js';
import { clientHealth } from './client-health.js';
import { registerClientMetrics } from './client-metrics.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const config = loadClientAgentConfig({ GLUSTER_PEER: 'gluster01,gluster02' });

function brick(host: string, connected: boolean, n: number): BrickConnection {
  return { name: `${host}:/gluster_volume/brick`, host, connected, client: `ranchervol-client-${n}` };
}

/** The health and metrics of an agent whose brick monitor holds `view` (or does not exist yet). */
function agentWith(view: BrickView | undefined, writeCheck?: WriteCheck) {
  const bricks =
    view &&
    new BrickMonitor({
      read: async () => [],
      intervalMs: 1_000,
      logger,
      initial: view,
      clock: new ManualClock(),
    });
  const sources = {
    supervisor: new Supervisor({ logger }),
    watchdog: () => undefined,
    bricks: () => bricks,
    peers: new PeerMonitor(config.peers, 10_000),
  };
  const writes =
    writeCheck &&
    new WriteMonitor({
      check: async () => writeCheck,
      mounted: async () => true,
      intervalMs: 1_000,
      logger,
      clock: new ManualClock(),
    });
  const registry = new Registry();
  registerClientMetrics(registry, {
    ...sources,
    writable: () => writes?.writable ?? false,
    wsRefusals: new WsRefusals(),
    gameMetrics: async () => '',
  });
  return { health: clientHealth({ ...sources, writes: () => writes, config }), registry, writes };
}

async function metric(registry: Registry, name: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('the redundancy of the mount in health and metrics', () => {
  it('shows the bricks, redundant false and a notice naming the missing brick when one is not connected', async () => {
    const { health, registry } = agentWith({
      state: 'read',
      bricks: [brick('gluster01', true, 0), brick('gluster02', false, 1)],
    });
    expect(((await health.status()) as { storage: unknown }).storage).toMatchObject({
      bricks: [
        { name: 'gluster01:/gluster_volume/brick', host: 'gluster01', connected: true },
        { name: 'gluster02:/gluster_volume/brick', host: 'gluster02', connected: false },
      ],
      redundant: false,
    });
    expect(health.notices?.()).toEqual([
      'not redundant: brick gluster02:/gluster_volume/brick is not connected',
    ]);
    expect(await metric(registry, 'asteroids_storage_bricks')).toBe(2);
    expect(await metric(registry, 'asteroids_storage_bricks_connected')).toBe(1);
    expect(await metric(registry, 'asteroids_storage_redundant')).toBe(0);
  });

  it('says redundant, with no notice, when every brick is connected', async () => {
    const { health, registry } = agentWith({
      state: 'read',
      bricks: [brick('gluster01', true, 0), brick('gluster02', true, 1)],
    });
    expect(((await health.status()) as { storage: { redundant: boolean } }).storage.redundant).toBe(true);
    expect(health.notices?.()).toEqual([]);
    expect(await metric(registry, 'asteroids_storage_bricks_connected')).toBe(2);
    expect(await metric(registry, 'asteroids_storage_redundant')).toBe(1);
  });

  it('shows no bricks and no notice before the volume is mounted', async () => {
    const { health, registry } = agentWith(undefined);
    expect(((await health.status()) as { storage: unknown }).storage).toMatchObject({
      state: 'mounting',
      bricks: [],
      redundant: false,
    });
    expect(health.notices?.()).toEqual([]);
    expect(await metric(registry, 'asteroids_storage_bricks')).toBe(0);
  });
});

describe('writes to the volume in health and metrics', () => {
  it('a full volume: /status says why and what to do, a notice says so, writable is 0, readiness holds', async () => {
    const { health, registry, writes } = agentWith(
      { state: 'read', bricks: [brick('gluster01', true, 0), brick('gluster02', true, 1)] },
      { writable: false, problem: 'full', detail: "dd: error writing 'x': No space left on device" },
    );
    await writes?.checkNow();
    expect(((await health.status()) as { storage: unknown }).storage).toMatchObject({
      writes: { state: 'not-writable', problem: 'full', fix: expect.stringContaining('free space') },
    });
    expect(health.notices?.()).toEqual([expect.stringMatching(/^not writable since .*a brick is full/)]);
    expect(await metric(registry, 'asteroids_storage_writable')).toBe(0);
    expect(Object.keys(health.readiness)).not.toContain('writes');
  });

  it('a volume that takes writes: writable 1 and no notice; remounts are a counter', async () => {
    const { health, registry, writes } = agentWith(
      { state: 'read', bricks: [brick('gluster01', true, 0)] },
      { writable: true },
    );
    await writes?.checkNow();
    expect(await metric(registry, 'asteroids_storage_writable')).toBe(1);
    expect(health.notices?.()).toEqual([]);
    expect(await registry.metrics()).toContain('# TYPE asteroids_storage_remounts_total counter');
  });
});
