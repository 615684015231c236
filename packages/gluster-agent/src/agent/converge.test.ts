import { createLogger } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { replayRunner } from '../../test/gluster-fixtures.js';
import { GlusterCli } from '../cli/gluster-cli.js';
import { loadGlusterAgentConfig } from '../config.js';
import { OperatorResets } from '../glusterd/command-history.js';
import { memoryAppliedOptions } from '../volume/applied-options.js';
import { ClusterState } from './cluster-state.js';
import { type ConvergeDeps, convergeOnce } from './converge.js';
import { ProbeRefusals } from './probe-refusals.js';
import { ProblemGrace } from './problem-grace.js';

async function depsWith(answers: string[]) {
  const runner = replayRunner(answers);
  const config = await loadGlusterAgentConfig({
    GLUSTER_NODE_ADDRESS: 'gxml-1',
    GLUSTER_PEER: 'gxml-2,gxml-3',
    GLUSTER_REPLICA: '3',
    GLUSTER_VOL: 'gv3',
  });
  const deps: ConvergeDeps = {
    cli: new GlusterCli({ run: runner.run }),
    config,
    state: new ClusterState(config.self),
    logger: createLogger({ name: 'test', level: 'silent' }),
    brickOnRootFs: false,
    lookup: async (name) => [name],
    refusals: new ProbeRefusals(),
    readUuid: async () => undefined,
    // Every node may create at once here: whose turn it is has tests of its own.
    creatorTurn: { mayCreate: () => true, observe: () => undefined },
    problemGrace: new ProblemGrace(),
    appliedOptions: memoryAppliedOptions(),
    readLocalBrick: async () => ({ kind: 'missing' }) as const,
    resetStarts: async () => [],
    operatorResets: new OperatorResets(),
    ownAddresses: () => ['172.20.0.9'],
  };
  return { deps, calls: runner.calls };
}

describe('convergeOnce', () => {
  it('probes, then creates, configures and starts the volume in the same round, looking between steps', async () => {
    const { deps, calls } = await depsWith([
      'peer-status-0-peers',
      'volume-info-missing-volume',
      'peer-probe-success',
      'peer-probe-success',
      'peer-status-2-peers',
      'volume-info-missing-volume',
      'volume-create-replica3-success',
      'volume-set-success',
      'volume-start-success',
      'peer-status-2-peers',
      'volume-info-replica3',
      'volume-status-all-online',
    ]);
    await convergeOnce(deps, undefined, { mayCreate: true });
    expect(calls.map((call) => call.args.slice(2, 5).join(' '))).toEqual([
      'peer status',
      'volume info gv3',
      'peer probe gxml-2',
      'peer probe gxml-3',
      'peer status',
      'volume info gv3',
      'volume create gv3',
      'volume set gv3',
      'volume start gv3',
      'peer status',
      'volume info gv3',
      'volume status gv3',
    ]);
    expect(deps.state.snapshot.volume?.status).toBe('Started');
  });

  it('only looks in observe mode, whatever the look says to do', async () => {
    const { deps, calls } = await depsWith(['peer-status-0-peers', 'volume-info-missing-volume']);
    const decision = await convergeOnce(deps, undefined, { mayCreate: true, mode: 'observe' });
    expect(decision?.actions.map((action) => action.kind)).toEqual(['probe-peer', 'probe-peer']);
    expect(calls).toHaveLength(2);
  });
});
