import { GaError } from '@gluster-asteroids/agent-runtime';
/** Stable codes of `GlusterCliError`, each with what it means and what to do (checked by a test). */
export const GLUSTER_CLI_ERROR_CODES = {
  GA_GLUSTER_OP_FAILED:
    'glusterd answered the command with opRet != 0; opErrstr says why. See `reason` for the known cases.',
  GA_GLUSTERD_UNREACHABLE:
    'The gluster CLI could not talk to glusterd (not started yet, crashed, or still restoring volumes). ' +
    'Wait until glusterd answers `pool list`, then retry.',
  GA_GLUSTER_BAD_OUTPUT:
    'The gluster CLI printed something that is not the expected XML. Check the gluster version and stderr.',
  GA_GLUSTER_INVALID_REQUEST:
    'The agent was asked to run a gluster command with an invalid value (volume name, host, brick path, ' +
    'replica count). Nothing was run; fix the configuration value named in the message.',
  GA_GLUSTER_CLI_FAILED:
    'The gluster CLI could not be run at all (missing binary, timeout, aborted). Check that glusterfs-server ' +
    'is installed and that the timeout is large enough.',
} as const;

export type GlusterCliErrorCode = keyof typeof GLUSTER_CLI_ERROR_CODES;

/**
 * Known meanings of a failed operation, recognised from opErrstr (opErrno is 0 or the generic
 * 30800 for most of them, so the text is the only reliable signal in gluster 11).
 */
export type GlusterOpFailure =
  | 'volume-missing'
  | 'volume-exists'
  | 'volume-already-started'
  | 'volume-not-started'
  | 'peer-not-connected'
  | 'peer-not-in-cluster'
  /** A brick host that is not (yet) in the pool, e.g. while its probe hangs. */
  | 'peer-unknown'
  /** opRet != 0 with an empty opErrstr: seen from `peer status`/`pool list` (opRet -22) while glusterd
   * was stuck probing a hung peer. Retry later. */
  | 'no-reason'
  | 'brick-on-root-partition'
  | 'brick-unavailable'
  | 'probe-failed'
  /** The probed node belongs to another pool or has volumes: only a member may probe it in. */
  | 'peer-in-other-cluster'
  | 'invalid-option'
  /** Another node (or this one) held glusterd's cluster-wide volume lock; nothing was done. */
  | 'busy'
  | 'unknown';

const FAILURE_PATTERNS: readonly (readonly [RegExp, GlusterOpFailure])[] = [
  [/does not exist$/m, 'volume-missing'],
  [/^Volume \S+ already exists/, 'volume-exists'],
  [/already started/, 'volume-already-started'],
  [/is not started|Not able to fetch volfile/, 'volume-not-started'],
  [/^Host \S+ not connected/, 'peer-not-connected'],
  [/not in '?Peer in Cluster'? state/, 'peer-not-in-cluster'],
  [/^Failed to find host /, 'peer-unknown'],
  [/is being created in the root partition/, 'brick-on-root-partition'],
  [/^Brick: \S+ not available/, 'brick-unavailable'],
  [/is either already part of another cluster or having volumes configured/, 'peer-in-other-cluster'],
  [/^Probe returned with/, 'probe-failed'],
  [/^option : .* does not exist|invalid .* format|is not a valid/, 'invalid-option'],
  [/^Another transaction is in progress|^Locking failed on /, 'busy'],
];

/** Maps a gluster opErrstr to a known failure, `unknown` when no pattern matches. */
export function classifyOpError(opErrstr: string): GlusterOpFailure {
  if (opErrstr.trim() === '') return 'no-reason';
  // 'option : x does not exist' must not read as a missing volume.
  if (/^option : /.test(opErrstr)) return 'invalid-option';
  for (const [pattern, failure] of FAILURE_PATTERNS) {
    if (pattern.test(opErrstr)) return failure;
  }
  return 'unknown';
}

export interface GlusterCliErrorDetails {
  /** The gluster arguments, without the `gluster` program name. */
  args: readonly string[];
  opRet?: number;
  opErrno?: number;
  opErrstr?: string;
  exitCode?: number;
  /** Raw stdout, kept for diagnosis when the output was not XML. */
  output?: string;
  cause?: unknown;
}

/** A gluster CLI call that did not produce the answer we need. Never thrown for a success. */
export class GlusterCliError extends GaError {
  declare readonly code: GlusterCliErrorCode;
  readonly reason: GlusterOpFailure;
  readonly args: readonly string[];
  readonly opRet: number | undefined;
  readonly opErrno: number | undefined;
  readonly opErrstr: string | undefined;
  readonly exitCode: number | undefined;
  readonly output: string | undefined;

  constructor(code: GlusterCliErrorCode, message: string, details: GlusterCliErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.args = details.args;
    this.opRet = details.opRet;
    this.opErrno = details.opErrno;
    this.opErrstr = details.opErrstr;
    this.exitCode = details.exitCode;
    this.output = details.output;
    this.reason = details.opErrstr === undefined ? 'unknown' : classifyOpError(details.opErrstr);
  }
}

/** `gluster volume info` -> "`gluster volume info`", for messages. */
export function describeCommand(args: readonly string[]): string {
  return `\`gluster ${args.filter((arg) => !arg.startsWith('--')).join(' ')}\``;
}
