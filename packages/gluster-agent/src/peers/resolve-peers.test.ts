import { describe, expect, it } from 'vitest';
import { resolvePeers } from './resolve-peers.js';

const dns: Record<string, string[]> = {
  gluster01: ['172.20.0.2'],
  storage: ['10.0.0.3', '10.0.0.2', '10.0.0.3'],
};
const lookup = async (name: string) => {
  const addresses = dns[name];
  if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return addresses;
};

describe('resolvePeers', () => {
  it('keeps a name with one address as a name, so bricks survive an address change', async () => {
    expect(await resolvePeers(['gluster01'], lookup)).toEqual([
      { configured: 'gluster01', hosts: ['gluster01'], addresses: ['172.20.0.2'] },
    ]);
  });

  it('expands a name with several addresses into all of them, sorted and without repeats', async () => {
    expect(await resolvePeers(['storage'], lookup)).toEqual([
      { configured: 'storage', hosts: ['10.0.0.2', '10.0.0.3'], addresses: ['10.0.0.2', '10.0.0.3'] },
    ]);
  });

  it('takes an IPv4 literal as it is, without a lookup', async () => {
    expect(await resolvePeers(['192.168.7.9'], lookup)).toEqual([
      { configured: '192.168.7.9', hosts: ['192.168.7.9'], addresses: ['192.168.7.9'] },
    ]);
  });

  it('reports a name that does not resolve instead of dropping it', async () => {
    expect(await resolvePeers(['gluster09'], lookup)).toEqual([
      { configured: 'gluster09', hosts: [], addresses: [], error: 'gluster09 does not resolve (ENOTFOUND)' },
    ]);
  });
});
