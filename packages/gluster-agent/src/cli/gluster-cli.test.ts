import { describe, expect, it } from 'vitest';
import { fixtureMeta, replayRunner } from '../../test/gluster-fixtures.js';
import { GlusterCliError } from './errors.js';
import { GlusterCli, type VolumeCreateRequest, volumeCreateArgs } from './gluster-cli.js';

function cliWith(...answers: (string | Error)[]) {
  const runner = replayRunner(answers);
  return { cli: new GlusterCli({ run: runner.run, timeoutMs: 1234 }), calls: runner.calls };
}

async function rejection(promise: Promise<unknown>): Promise<GlusterCliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof GlusterCliError) return error;
  throw new Error(`expected a GlusterCliError, got ${String(error)}`);
}

const REPLICA3: VolumeCreateRequest = {
  name: 'gv3',
  replica: 3,
  arbiter: 0,
  bricks: [1, 2, 3].map((n) => ({ host: `gxml-${n}`, path: '/gluster_volume/brick' })),
  force: false,
};

describe('GlusterCli', () => {
  it('runs gluster with an argument array in script and XML mode, the same args the fixture was captured with', async () => {
    const { cli, calls } = cliWith('peer-status-2-peers');
    await cli.peerStatus();
    expect(calls).toEqual([
      { command: 'gluster', args: fixtureMeta('peer-status-2-peers').args, options: { timeoutMs: 1234 } },
    ]);
  });

  it('passes a per-call timeout and abort signal to the runner', async () => {
    const { cli, calls } = cliWith('pool-list-0-peers');
    const signal = new AbortController().signal;
    await cli.poolList({ timeoutMs: 5, signal });
    expect(calls[0]?.options).toEqual({ timeoutMs: 5, signal });
  });

  it('uses the configured gluster program', async () => {
    const runner = replayRunner(['pool-list-0-peers']);
    await new GlusterCli({ run: runner.run, command: '/usr/sbin/gluster' }).poolList();
    expect(runner.calls[0]?.command).toBe('/usr/sbin/gluster');
    expect(runner.calls[0]?.options.timeoutMs).toBe(30_000);
  });

  it('probes a peer and reports a repeated probe as already in the pool', async () => {
    const { cli, calls } = cliWith('peer-probe-success', 'peer-probe-already-in-pool');
    expect((await cli.probe('gxml-2')).outcome).toBe('probed');
    expect((await cli.probe('gxml-2')).outcome).toBe('already-in-pool');
    expect(calls[0]?.args).toEqual(fixtureMeta('peer-probe-success').args);
  });

  it('throws GA_GLUSTER_OP_FAILED with reason probe-failed for an unresolvable peer', async () => {
    const { cli } = cliWith('peer-probe-unresolvable');
    const error = await rejection(cli.probe('gxml-nonexistent.invalid'));
    expect(error).toMatchObject({ code: 'GA_GLUSTER_OP_FAILED', reason: 'probe-failed', opErrno: 107 });
    expect(error.message).toContain('`gluster peer probe gxml-nonexistent.invalid` failed');
  });

  it('throws GA_GLUSTERD_UNREACHABLE when glusterd is down', async () => {
    const { cli } = cliWith('glusterd-down-pool-list');
    expect((await rejection(cli.poolList())).code).toBe('GA_GLUSTERD_UNREACHABLE');
  });

  it('throws reason no-reason, saying to retry, when peer status fails without a reason during a hung probe', async () => {
    const { cli } = cliWith('peer-status-during-hung-probe');
    const error = await rejection(cli.peerStatus());
    expect(error).toMatchObject({
      code: 'GA_GLUSTER_OP_FAILED',
      reason: 'no-reason',
      opRet: -22,
      opErrstr: '',
    });
    expect(error.message).toContain('glusterd gave no reason (it may be busy with a hung peer; retry later)');
  });

  it('wraps a runner failure (timeout, missing binary) in GA_GLUSTER_CLI_FAILED with the cause', async () => {
    const cause = new Error('timed out after 1234 ms');
    const { cli } = cliWith(cause);
    const error = await rejection(cli.volumeInfo());
    expect(error.code).toBe('GA_GLUSTER_CLI_FAILED');
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('timed out after 1234 ms');
  });

  it('finds an existing volume and returns undefined for a missing one', async () => {
    const { cli, calls } = cliWith('volume-info-replica3', 'volume-info-missing-volume');
    expect((await cli.findVolume('gv3'))?.replicaCount).toBe(3);
    expect(await cli.findVolume('nosuchvol')).toBeUndefined();
    expect(calls[1]?.args).toEqual(fixtureMeta('volume-info-missing-volume').args);
  });

  it('lets findVolume rethrow failures other than a missing volume', async () => {
    const { cli } = cliWith('glusterd-down-volume-info');
    expect((await rejection(cli.findVolume('gv3'))).code).toBe('GA_GLUSTERD_UNREACHABLE');
  });

  it('throws volume-missing from volumeInfo for a named volume that does not exist', async () => {
    const { cli } = cliWith('volume-info-missing-volume');
    expect((await rejection(cli.volumeInfo('nosuchvol'))).reason).toBe('volume-missing');
  });

  it('creates a volume with exactly the captured arguments', async () => {
    const { cli, calls } = cliWith('volume-create-replica3-success');
    expect(await cli.volumeCreate(REPLICA3)).toEqual({
      name: 'gv3',
      id: '56df2bf3-2d19-49fc-a08f-8709f6d3d937',
    });
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-create-replica3-success').args);
  });

  it('adds arbiter 1 and force to volume create as captured', async () => {
    const { cli, calls } = cliWith('volume-create-arbiter-force');
    await cli.volumeCreate({
      name: 'gva',
      replica: 3,
      arbiter: 1,
      bricks: [1, 2, 3].map((n) => ({ host: `gxml-${n}`, path: '/srv/arb' })),
      force: true,
    });
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-create-arbiter-force').args);
  });

  it('throws reason volume-exists when the volume already exists', async () => {
    const { cli } = cliWith('volume-create-already-exists');
    expect((await rejection(cli.volumeCreate(REPLICA3))).reason).toBe('volume-exists');
  });

  it('reports volume start and a repeated start without throwing', async () => {
    const { cli, calls } = cliWith(
      'volume-start-success',
      'volume-start-already-started',
      'volume-start-force-restarts-brick',
    );
    expect(await cli.volumeStart('gv3')).toBe('started');
    expect(await cli.volumeStart('gv3')).toBe('already-started');
    expect(await cli.volumeStart('gv3', { force: true })).toBe('started');
    expect(calls.map((call) => call.args.slice(2))).toEqual([
      ['volume', 'start', 'gv3'],
      ['volume', 'start', 'gv3'],
      ['volume', 'start', 'gv3', 'force'],
    ]);
  });

  it('sets an option and throws invalid-option for an unknown option', async () => {
    const { cli, calls } = cliWith('volume-set-success', 'volume-set-unknown-option');
    await cli.volumeSet('gv3', [{ key: 'network.ping-timeout', value: '5' }]);
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-set-success').args);
    const unknown = [{ key: 'network.no-such-option', value: '5' }];
    expect((await rejection(cli.volumeSet('gv3', unknown))).reason).toBe('invalid-option');
  });

  it('sets several options in one volume set call, key and value pairs in order', async () => {
    const { cli, calls } = cliWith('volume-set-several');
    await cli.volumeSet('gv2', [
      { key: 'network.ping-timeout', value: '5' },
      { key: 'cluster.self-heal-daemon', value: 'on' },
      { key: 'cluster.quorum-type', value: 'none' },
      { key: 'cluster.favorite-child-policy', value: 'mtime' },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-set-several').args);
  });

  it('reads one option with volume get', async () => {
    const { cli, calls } = cliWith('volume-get-ping-timeout-default');
    expect(await cli.volumeGet('gv2', 'network.ping-timeout')).toEqual({
      'network.ping-timeout': { value: '42', isDefault: true },
    });
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-get-ping-timeout-default').args);
  });

  it('reads volume status and throws volume-not-started for a created volume', async () => {
    const { cli, calls } = cliWith('volume-status-all-online', 'volume-status-not-started');
    expect((await cli.volumeStatus('gv3')).bricks).toHaveLength(3);
    expect(calls[0]?.args).toEqual(fixtureMeta('volume-status-all-online').args);
    expect((await rejection(cli.volumeStatus('gv2'))).reason).toBe('volume-not-started');
  });

  it("repeats a call that collided with another node's volume lock, and reads its answer", async () => {
    const runner = replayRunner([
      'volume-status-locking-failed',
      'volume-status-another-transaction',
      'volume-status-all-online',
    ]);
    const cli = new GlusterCli({ run: runner.run, busyBackoffMs: 1 });
    expect((await cli.volumeStatus('gv3')).bricks).toHaveLength(3);
    expect(runner.calls).toHaveLength(3);
  });

  it('throws reason busy once the retries for a held volume lock are used up', async () => {
    const runner = replayRunner(['volume-status-locking-failed', 'volume-status-another-transaction']);
    const cli = new GlusterCli({ run: runner.run, busyRetries: 1, busyBackoffMs: 1 });
    const error = await rejection(cli.volumeStatus('ranchervol'));
    expect(error).toMatchObject({ code: 'GA_GLUSTER_OP_FAILED', reason: 'busy' });
    expect(error.message).toContain('Another transaction is in progress for ranchervol');
    expect(runner.calls).toHaveLength(2);
  });

  it('does not repeat a failure other than busy', async () => {
    const runner = replayRunner(['volume-status-not-started']);
    const cli = new GlusterCli({ run: runner.run, busyBackoffMs: 1 });
    expect((await rejection(cli.volumeStatus('gv2'))).reason).toBe('volume-not-started');
    expect(runner.calls).toHaveLength(1);
  });

  it('reads the heal summary and maps the non-zero heal exit code through opRet, not the exit code', async () => {
    const { cli, calls } = cliWith('heal-info-summary-pending', 'heal-info-summary-missing-volume');
    expect((await cli.healInfoSummary('gv3')).bricks).toHaveLength(3);
    expect(calls[0]?.args).toEqual(fixtureMeta('heal-info-summary-pending').args);
    const error = await rejection(cli.healInfoSummary('nosuchvol'));
    expect(error).toMatchObject({ reason: 'volume-missing', exitCode: 254 });
  });

  it('refuses a volume name that gluster would read as an option, without running anything', async () => {
    const { cli, calls } = cliWith();
    const error = await rejection(cli.volumeInfo('--xml'));
    expect(error.code).toBe('GA_GLUSTER_INVALID_REQUEST');
    expect(error.message).toBe(
      'Expected the volume name to be letters, digits, _ . - (not starting with - or .), got `--xml`.',
    );
    expect(calls).toEqual([]);
  });

  it('refuses a probe host containing shell or option characters', async () => {
    const { cli } = cliWith();
    expect((await rejection(cli.probe('gxml-1; rm -rf /'))).code).toBe('GA_GLUSTER_INVALID_REQUEST');
    expect((await rejection(cli.probe('-h'))).code).toBe('GA_GLUSTER_INVALID_REQUEST');
  });

  it('refuses an option value with spaces', async () => {
    const { cli } = cliWith();
    const spaced = [{ key: 'network.ping-timeout', value: '5 force' }];
    expect((await rejection(cli.volumeSet('gv3', spaced))).code).toBe('GA_GLUSTER_INVALID_REQUEST');
    expect((await rejection(cli.volumeSet('gv3', []))).code).toBe('GA_GLUSTER_INVALID_REQUEST');
  });
});

describe('volumeCreateArgs', () => {
  it('puts replica, arbiter, bricks and force in gluster order', () => {
    expect(
      volumeCreateArgs({ ...REPLICA3, arbiter: 1, force: true, bricks: REPLICA3.bricks.slice(0, 3) }),
    ).toEqual([
      'volume',
      'create',
      'gv3',
      'replica',
      '3',
      'arbiter',
      '1',
      'gxml-1:/gluster_volume/brick',
      'gxml-2:/gluster_volume/brick',
      'gxml-3:/gluster_volume/brick',
      'force',
    ]);
  });

  it.each([
    [{ replica: 1 }, /replica to be an integer >= 2/],
    [
      { arbiter: 1, replica: 2, bricks: REPLICA3.bricks.slice(0, 2) },
      /arbiter to be 0, or 1 together with replica 3/,
    ],
    [{ bricks: REPLICA3.bricks.slice(0, 2) }, /bricks to be a non-zero multiple of replica 3, got `2`/],
    [{ bricks: [REPLICA3.bricks[0]!, REPLICA3.bricks[0]!, REPLICA3.bricks[1]!] }, /distinct bricks/],
    [
      { bricks: REPLICA3.bricks.map((brick) => ({ ...brick, path: 'relative' })) },
      /brick path to be an absolute/,
    ],
  ])('rejects %o', (change, message) => {
    expect(() => volumeCreateArgs({ ...REPLICA3, ...change })).toThrow(message);
  });
});
