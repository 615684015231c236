import pRetry from 'p-retry';
import { describeCommand, GlusterCliError } from './errors.js';
import { type HealSummary, parseHealSummary } from './heal.js';
import { type PeerInfo, type ProbeResult, parsePeers, parseProbe } from './peers.js';
import type { CommandResult, CommandRunner } from './runner.js';
import { parseVolumeStatus, type VolumeStatusReport } from './volume-status.js';
import {
  parseVolumeGet,
  parseVolumeInfo,
  parseVolumeRef,
  type VolumeInfo,
  type VolumeOptionValue,
  type VolumeRef,
} from './volumes.js';
import { type CliEnvelope, opFailed, parseEnvelope } from './xml.js';

export interface GlusterCliOptions {
  /** Runs the gluster binary; injected so tests replay captured fixtures. */
  run: CommandRunner;
  /** The gluster CLI program. Default 'gluster' (resolved through PATH). */
  command?: string;
  /**
   * Ask another node's glusterd (`--remote-host`) instead of this one's: read-only commands
   * (pool list, volume info and status) answer for any holder of a certificate from the stack CA.
   */
  remoteHost?: string;
  /**
   * Default per-call timeout. Default 30 s: `volume start` took 2.6 s and a CLI call ~0.15 s on
   * gluster 11.1 here; glusterd's own CLI timeout is 120 s, far longer than an agent should block.
   */
  timeoutMs?: number;
  /**
   * How often a call refused with reason 'busy' is repeated. Default 4: waits of 0.1, 0.2, 0.4
   * and 0.8 s, each stretched up to 2x by jitter (1.5-3 s in all). glusterd runs every volume
   * command, `volume status` included, under a cluster-wide lock, and two nodes reading at the
   * same moment collide about once in 40 calls. The refused command was not run, so repeating it
   * is safe for writes too.
   */
  busyRetries?: number;
  /** First wait before repeating a 'busy' call; it doubles each time. Default 100 ms. */
  busyBackoffMs?: number;
}

/** Per-call overrides. */
export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface BrickSpec {
  host: string;
  /** Absolute path of the brick directory on `host`. */
  path: string;
}

export interface VolumeCreateRequest {
  name: string;
  /** Copies of each file, counting the arbiter (replica 3 arbiter 1 = 2 data bricks + 1 arbiter). */
  replica: number;
  /** 1 makes the last brick of each replica set an arbiter (metadata only); 0 for none. */
  arbiter: number;
  /** In volume order: consecutive groups of `replica` form replica sets. */
  bricks: readonly BrickSpec[];
  /** Override gluster's refusal of bricks on the root partition. */
  force: boolean;
}

/** One volume option and the value to give it. */
export interface VolumeOptionSetting {
  /** Dotted gluster option name, e.g. network.ping-timeout. */
  key: string;
  value: string;
}

export type VolumeStartOutcome = 'started' | 'already-started';

// Every call: no interactive prompts (script mode answers 'y') and machine-readable output.
const BASE_ARGS = ['--mode=script', '--xml'] as const;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BUSY_RETRIES = 4;
const DEFAULT_BUSY_BACKOFF_MS = 100;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*$|^\[?[0-9A-Fa-f:.]+\]?$/;
const OPTION_KEY = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/**
 * Typed access to the gluster CLI. Each method builds an argument array (never a shell string),
 * runs `gluster --mode=script --xml ...` through the injected runner and returns parsed results,
 * or throws `GlusterCliError` (GA_GLUSTER_OP_FAILED / GA_GLUSTERD_UNREACHABLE / ...).
 */
export class GlusterCli {
  readonly #run: CommandRunner;
  readonly #command: string;
  readonly #prefix: readonly string[];
  readonly #timeoutMs: number;
  readonly #busyRetries: number;
  readonly #busyBackoffMs: number;

  constructor(options: GlusterCliOptions) {
    this.#run = options.run;
    this.#command = options.command ?? 'gluster';
    this.#prefix = options.remoteHost
      ? [`--remote-host=${checkHost(options.remoteHost, 'remote host')}`]
      : [];
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#busyRetries = options.busyRetries ?? DEFAULT_BUSY_RETRIES;
    this.#busyBackoffMs = options.busyBackoffMs ?? DEFAULT_BUSY_BACKOFF_MS;
  }

  /** Other nodes of the trusted pool with their friend state (this node is not listed). */
  async peerStatus(options?: CallOptions): Promise<PeerInfo[]> {
    return parsePeers(await this.#succeed(['peer', 'status'], options));
  }

  /** All nodes of the pool, this one last as 'localhost' (without state). */
  async poolList(options?: CallOptions): Promise<PeerInfo[]> {
    return parsePeers(await this.#succeed(['pool', 'list'], options));
  }

  /** Adds `host` to the pool. Probing self or a known peer succeeds with outcome 'self'/'already-in-pool'. */
  async probe(host: string, options?: CallOptions): Promise<ProbeResult> {
    return parseProbe(await this.#succeed(['peer', 'probe', checkHost(host, 'host')], options));
  }

  /** Every volume, or the named one; a missing named volume throws (reason 'volume-missing'). */
  async volumeInfo(name?: string, options?: CallOptions): Promise<VolumeInfo[]> {
    const args = name === undefined ? ['volume', 'info'] : ['volume', 'info', checkName(name)];
    return parseVolumeInfo(await this.#succeed(args, options));
  }

  /** The named volume, or undefined when it does not exist. */
  async findVolume(name: string, options?: CallOptions): Promise<VolumeInfo | undefined> {
    const args = ['volume', 'info', checkName(name)];
    const envelope = await this.#call(args, options);
    if (envelope.opRet !== 0) {
      const error = opFailed(envelope);
      if (error.reason === 'volume-missing') return undefined;
      throw error;
    }
    return parseVolumeInfo(envelope).find((volume) => volume.name === name);
  }

  /** Creates a (replica) volume; it stays 'Created' until `volumeStart`. */
  async volumeCreate(request: VolumeCreateRequest, options?: CallOptions): Promise<VolumeRef> {
    return parseVolumeRef(await this.#succeed(volumeCreateArgs(request), options));
  }

  /**
   * Starts a volume. Already started is reported, not thrown. `force` also (re)starts bricks whose
   * process died while the volume stayed started.
   */
  async volumeStart(name: string, options?: CallOptions & { force?: boolean }): Promise<VolumeStartOutcome> {
    const args = ['volume', 'start', checkName(name), ...(options?.force ? ['force'] : [])];
    const envelope = await this.#call(args, options);
    if (envelope.opRet === 0) return 'started';
    const error = opFailed(envelope);
    if (error.reason === 'volume-already-started') return 'already-started';
    throw error;
  }

  /** Stops a volume (script mode confirms the prompt). */
  async volumeStop(name: string, options?: CallOptions): Promise<VolumeRef> {
    return parseVolumeRef(await this.#succeed(['volume', 'stop', checkName(name)], options));
  }

  /**
   * Sets volume options in one transaction (`volume set VOL k1 v1 k2 v2 ...`). Each `volume set`
   * regenerates the volume's graphs on every node and runs its hooks, so one call for all options
   * costs what one option does. glusterd validates every pair before committing any: an unknown
   * option or invalid value throws (reason 'invalid-option') and sets none.
   */
  async volumeSet(
    name: string,
    settings: readonly VolumeOptionSetting[],
    options?: CallOptions,
  ): Promise<void> {
    if (settings.length === 0) throw invalid('options to set', '(none)', 'at least one key and value');
    const pairs = settings.flatMap(({ key, value }) => {
      if (!OPTION_KEY.test(key))
        throw invalid('option key', key, 'a dotted gluster option like network.ping-timeout');
      if (value === '' || value.startsWith('-') || /\s/.test(value)) {
        throw invalid(`value of ${key}`, value, 'a non-empty value without spaces or a leading dash');
      }
      return [key, value];
    });
    await this.#succeed(['volume', 'set', checkName(name), ...pairs], options);
  }

  /**
   * `volume reset-brick VOL BRICK start`, then (`commit`) `... BRICK BRICK commit force`: takes a
   * brick out, then puts the same host:path back; on an empty directory the commit stamps it with
   * the volume's id and marks the other copies as the ones to heal it from.
   */
  async resetBrick(
    name: string,
    brick: string,
    phase: 'start' | 'commit',
    options?: CallOptions,
  ): Promise<void> {
    if (!/^[^\s:]+:\/\S*$/.test(brick)) throw invalid('brick', brick, 'host:/path');
    const args =
      phase === 'start'
        ? ['volume', 'reset-brick', checkName(name), brick, 'start']
        : ['volume', 'reset-brick', checkName(name), brick, brick, 'commit', 'force'];
    await this.#succeed(args, options);
  }

  /** Current value of one option (or 'all'), with whether it is gluster's default. */
  async volumeGet(
    name: string,
    key: string,
    options?: CallOptions,
  ): Promise<Record<string, VolumeOptionValue>> {
    if (key !== 'all' && !OPTION_KEY.test(key)) throw invalid('option key', key, 'a dotted gluster option');
    return parseVolumeGet(await this.#succeed(['volume', 'get', checkName(name), key], options));
  }

  /** Brick and self-heal daemon processes of a started volume (not started throws 'volume-not-started'). */
  async volumeStatus(name: string, options?: CallOptions): Promise<VolumeStatusReport> {
    return parseVolumeStatus(await this.#succeed(['volume', 'status', checkName(name)], options));
  }

  /** Heal backlog per brick. */
  async healInfoSummary(name: string, options?: CallOptions): Promise<HealSummary> {
    return parseHealSummary(
      await this.#succeed(['volume', 'heal', checkName(name), 'info', 'summary'], options),
    );
  }

  async #succeed(args: readonly string[], options: CallOptions | undefined): Promise<CliEnvelope> {
    const envelope = await this.#call(args, options);
    if (envelope.opRet !== 0) throw opFailed(envelope);
    return envelope;
  }

  /**
   * One command, repeated while glusterd refuses it as 'busy' (another transaction held the
   * volume lock). Once the retries are used up the refusal is thrown like any failed operation.
   */
  async #call(args: readonly string[], options: CallOptions | undefined): Promise<CliEnvelope> {
    return pRetry(
      async () => {
        const envelope = await this.#callOnce(args, options);
        if (envelope.opRet !== 0) {
          const error = opFailed(envelope);
          if (error.reason === 'busy') throw error;
        }
        return envelope;
      },
      {
        retries: this.#busyRetries,
        minTimeout: this.#busyBackoffMs,
        factor: 2,
        // Jitter, so that two agents that collided do not retry in lock step.
        randomize: true,
        shouldRetry: ({ error }) => error instanceof GlusterCliError && error.reason === 'busy',
        ...(options?.signal ? { signal: options.signal } : {}),
      },
    );
  }

  // The exit code is not used to judge success: gluster 11 exits 0 for most failed operations and
  // with -opErrno (e.g. 251, 254) for heal; opRet in the XML is the authority.
  async #callOnce(args: readonly string[], options: CallOptions | undefined): Promise<CliEnvelope> {
    const fullArgs = [...this.#prefix, ...BASE_ARGS, ...args];
    let result: CommandResult;
    try {
      result = await this.#run(this.#command, fullArgs, {
        timeoutMs: options?.timeoutMs ?? this.#timeoutMs,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
    } catch (cause) {
      throw new GlusterCliError(
        'GA_GLUSTER_CLI_FAILED',
        `${describeCommand(fullArgs)} could not be run: ${cause instanceof Error ? cause.message : String(cause)}. ` +
          'Check that glusterfs-server is installed and the call was not cancelled or timed out.',
        { args: fullArgs, cause },
      );
    }
    return parseEnvelope(result, fullArgs);
  }
}

/** The `volume create` arguments (without the base args), validated. Exported for tests and logs. */
export function volumeCreateArgs(request: VolumeCreateRequest): string[] {
  const { name, replica, arbiter, bricks, force } = request;
  if (!Number.isInteger(replica) || replica < 2) throw invalid('replica', replica, 'an integer >= 2');
  if (arbiter !== 0 && !(arbiter === 1 && replica === 3)) {
    throw invalid('arbiter', arbiter, '0, or 1 together with replica 3');
  }
  if (bricks.length === 0 || bricks.length % replica !== 0) {
    throw invalid('bricks', bricks.length, `a non-zero multiple of replica ${replica}`);
  }
  const brickArgs = bricks.map((brick) => {
    if (!brick.path.startsWith('/') || /[\s:]/.test(brick.path)) {
      throw invalid('brick path', brick.path, 'an absolute path without spaces or colons');
    }
    return `${checkHost(brick.host, 'brick host')}:${brick.path}`;
  });
  if (new Set(brickArgs).size !== brickArgs.length)
    throw invalid('bricks', brickArgs.join(' '), 'distinct bricks');
  return [
    'volume',
    'create',
    checkName(name),
    'replica',
    String(replica),
    ...(arbiter === 1 ? ['arbiter', '1'] : []),
    ...brickArgs,
    ...(force ? ['force'] : []),
  ];
}

function checkName(name: string): string {
  if (!NAME.test(name))
    throw invalid('volume name', name, 'letters, digits, _ . - (not starting with - or .)');
  return name;
}

function checkHost(host: string, what: string): string {
  if (!HOST.test(host)) throw invalid(what, host, 'a host name or IP address');
  return host;
}

function invalid(what: string, value: unknown, expected: string): GlusterCliError {
  return new GlusterCliError(
    'GA_GLUSTER_INVALID_REQUEST',
    `Expected the ${what} to be ${expected}, got \`${String(value)}\`.`,
    { args: [] },
  );
}
