import { describe, expect, it } from 'vitest';
import { GlusterCliError } from '../cli/errors.js';
import { ProbeRefusals, refusedByOtherCluster } from './probe-refusals.js';

const refusal = new GlusterCliError('GA_GLUSTER_OP_FAILED', 'probe failed', {
  args: ['peer', 'probe', 'gluster01'],
  opRet: -1,
  opErrno: 3,
  opErrstr: 'gluster01 is either already part of another cluster or having volumes configured',
});

describe('ProbeRefusals', () => {
  it('recognises the refusal gluster gives for a peer of another pool', () => {
    expect(refusedByOtherCluster(refusal)).toBe(true);
    expect(refusedByOtherCluster(new Error('Probe returned with Transport endpoint is not connected'))).toBe(
      false,
    );
  });

  it('tolerates a refusal during the grace period, as when nodes bootstrap at the same moment', () => {
    let now = 0;
    const refusals = new ProbeRefusals(30_000, () => now);
    refusals.refused('gluster01', refusal);
    now = 29_000;
    expect(() => refusals.refused('gluster01', refusal)).not.toThrow();
  });

  it('gives up with GA_PEER_IN_OTHER_CLUSTER naming the peer once the refusal outlasts the grace', () => {
    let now = 0;
    const refusals = new ProbeRefusals(30_000, () => now);
    refusals.refused('gluster01', refusal);
    now = 30_000;
    expect(() => refusals.refused('gluster01', refusal)).toThrow(
      /Peer gluster01 \(GLUSTER_PEER\) has refused to be probed for 30 s/,
    );
  });

  it('starts counting again after the peer accepted a probe', () => {
    let now = 0;
    const refusals = new ProbeRefusals(30_000, () => now);
    refusals.refused('gluster01', refusal);
    now = 20_000;
    refusals.accepted('gluster01');
    refusals.refused('gluster01', refusal);
    now = 45_000;
    expect(() => refusals.refused('gluster01', refusal)).not.toThrow();
  });
});
