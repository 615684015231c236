import { describe, expect, it } from 'vitest';
import { haVolumeOptions } from './default-options.js';

const asMap = (replica: number, arbiter: number) =>
  Object.fromEntries(haVolumeOptions(replica, arbiter).map((option) => [option.key, option.value]));

describe('haVolumeOptions', () => {
  it('sets network.ping-timeout to 5 s for every layout', () => {
    for (const [replica, arbiter] of [
      [2, 0],
      [3, 0],
      [3, 1],
    ] as const) {
      expect(asMap(replica, arbiter)['network.ping-timeout']).toBe('5');
    }
  });

  it('crawls the heal index every 10 s, so a brick back from a hang is healed within seconds', () => {
    expect(asMap(2, 0)['cluster.heal-timeout']).toBe('10');
    expect(asMap(3, 1)['cluster.heal-timeout']).toBe('10');
  });

  it('keeps client quorum for replica 3 and replica 3 arbiter 1', () => {
    expect(asMap(3, 0)['cluster.quorum-type']).toBe('auto');
    expect(asMap(3, 1)['cluster.quorum-type']).toBe('auto');
    expect(asMap(3, 0)['cluster.favorite-child-policy']).toBeUndefined();
  });

  it('lets one replica 2 brick keep serving and resolves split-brain by mtime', () => {
    expect(asMap(2, 0)).toMatchObject({
      'cluster.quorum-type': 'none',
      'cluster.favorite-child-policy': 'mtime',
    });
  });

  it('gives every option a reason and lists each key once', () => {
    for (const [replica, arbiter] of [
      [2, 0],
      [3, 0],
      [3, 1],
    ] as const) {
      const options = haVolumeOptions(replica, arbiter);
      expect(new Set(options.map((option) => option.key)).size).toBe(options.length);
      for (const option of options) expect(option.reason.length, option.key).toBeGreaterThan(30);
    }
  });
});
