import { describe, expect, it } from 'vitest';
import { detectNodeName, type NameResolver } from './node-name.js';

/** A DNS that knows `forward` names and `reverse` (PTR) answers, and nothing from /etc/hosts. */
function dnsWith(forward: Record<string, string[]>, reverse: Record<string, string[]> = {}): NameResolver {
  return {
    addressesOf: async (name) => forward[name] ?? [],
    namesOf: async (address) => reverse[address] ?? [],
  };
}

describe('detectNodeName', () => {
  it('takes a hostname the operator chose when DNS resolves it to this container', async () => {
    const dns = dnsWith({ gluster01: ['172.18.0.2'] });
    expect(await detectNodeName({ hostname: 'gluster01', addresses: ['172.18.0.2'], dns })).toEqual({
      name: 'gluster01',
      source: 'hostname',
    });
  });

  it("names a plain `docker run --name` container by the container name Docker's DNS gives its address", async () => {
    const dns = dnsWith(
      { gluster02: ['172.18.0.3'], 'gluster02.gnet': ['172.18.0.3'], '0123456789ab': ['172.18.0.3'] },
      { '172.18.0.3': ['gluster02.gnet'] },
    );
    expect(await detectNodeName({ hostname: '0123456789ab', addresses: ['172.18.0.3'], dns })).toEqual({
      name: 'gluster02',
      source: 'dns-name',
    });
  });

  it('keeps the full name when only it resolves back (a StatefulSet pod behind a headless service)', async () => {
    const fqdn = 'gluster-0.gluster.storage.svc.cluster.local';
    const dns = dnsWith({ [fqdn]: ['10.1.2.3'] }, { '10.1.2.3': [`${fqdn}.`] });
    expect(await detectNodeName({ hostname: 'gluster-0', addresses: ['10.1.2.3'], dns })).toEqual({
      name: fqdn,
      source: 'dns-name',
    });
  });

  it('ignores a hostname DNS resolves to another container', async () => {
    const dns = dnsWith({ gluster01: ['172.18.0.9'] }, { '172.18.0.2': ['real-name.net'] });
    const named = await detectNodeName({ hostname: 'gluster01', addresses: ['172.18.0.2'], dns });
    expect(named?.source).not.toBe('hostname');
  });

  it('falls back to the container ID, with a warning that recreation loses it', async () => {
    const dns = dnsWith({ '0123456789ab': ['172.18.0.3'] });
    const named = await detectNodeName({ hostname: '0123456789ab', addresses: ['172.18.0.3'], dns });
    expect(named).toMatchObject({ name: '0123456789ab', source: 'container-id' });
    expect(named?.warning).toContain('GLUSTER_NODE_ADDRESS');
  });

  it('uses the address only when DNS knows no name, and says what to do', async () => {
    const named = await detectNodeName({ hostname: 'abc', addresses: ['172.17.0.2'], dns: dnsWith({}) });
    expect(named).toMatchObject({ name: '172.17.0.2', source: 'address' });
    expect(named?.warning).toMatch(/another address when it starts again.*--network NET/s);
  });

  it('has nothing to offer without an address', async () => {
    expect(await detectNodeName({ hostname: 'abc', addresses: [], dns: dnsWith({}) })).toBeUndefined();
  });
});
