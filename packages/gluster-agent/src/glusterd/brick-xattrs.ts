import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type CommandRunner,
  commandSaid,
  describeError,
  ExitCodes,
  GaError,
  runCommand,
} from '@gluster-asteroids/agent-runtime';
import { nearestExistingPath } from './node-identity.js';

/** Stable codes of `BrickError`, each with what it means and what to do (checked by a test). */
export const BRICK_ERROR_CODES = {
  GA_BRICK_XATTRS_DENIED:
    'This container may not set the trusted.* extended attributes glusterd keeps on a brick: it lacks the ' +
    "SYS_ADMIN capability. Add it (compose: cap_add: [SYS_ADMIN]; Rancher: the container's capabilities).",
  GA_BRICK_XATTRS_UNSUPPORTED:
    "The brick's file system does not support extended attributes. Put GLUSTER_BRICK_PATH on a volume " +
    'with ext4 or xfs (a Docker named volume on a normal host is fine).',
} as const;

export type BrickErrorCode = keyof typeof BRICK_ERROR_CODES;

/** This node's brick cannot hold a GlusterFS brick; the operator has to change the container. */
export class BrickError extends GaError {
  declare readonly code: BrickErrorCode;

  constructor(code: BrickErrorCode, message: string, cause: unknown) {
    super(code, message, { cause, exitsWith: ExitCodes.CONFIG });
  }
}

/** The attribute written on a scratch directory; its name says who left it. */
const PROBE_ATTRIBUTE = 'trusted.gluster-asteroids.xattr-check';

/**
 * Checks, before glusterd needs it, that a trusted.* extended attribute can be set on the file
 * system the brick is (or will be) on. Without SYS_ADMIN, `volume create` fails on this node with
 * "Setting extended attributes failed, reason: Operation not permitted", and the node that creates
 * the volume retries it until its peer deadline: minutes of info lines and a generic exit 69 for
 * what one line can say now. The probe uses a scratch directory beside the brick, never the brick
 * itself. Returns a warning when the check itself could not run (then glusterd tells).
 */
export async function checkBrickXattrs(
  brickPath: string,
  run: CommandRunner = runCommand,
): Promise<{ warning?: string }> {
  const existing = await nearestExistingPath(brickPath);
  // Beside the brick when it exists (same file system), else in the directory it will be made in.
  const parent = existing === brickPath ? dirname(brickPath) : existing;
  let scratch: string;
  try {
    scratch = await mkdtemp(join(parent, '.gluster-asteroids-xattr-check-'));
  } catch (error) {
    return { warning: `could not check extended attributes in ${parent}: ${describeError(error)}` };
  }
  try {
    await run('setfattr', ['-n', PROBE_ATTRIBUTE, '-v', '1', '--', scratch], { timeoutMs: 10_000 });
    return {};
  } catch (error) {
    const said = commandSaid(error) || describeError(error);
    if (/Operation not permitted/i.test(said)) {
      throw new BrickError(
        'GA_BRICK_XATTRS_DENIED',
        `Cannot set trusted.* extended attributes in ${parent} (brick ${brickPath}): Operation not permitted. ` +
          'glusterd needs them on every brick, and only a container with the SYS_ADMIN capability may set ' +
          "them: add it (compose: `cap_add: [SYS_ADMIN]`; Rancher: the container's capabilities); " +
          '--privileged is not needed. Rootless Docker and user-namespace remapping refuse them even so.',
        error,
      );
    }
    if (/Operation not supported/i.test(said)) {
      throw new BrickError(
        'GA_BRICK_XATTRS_UNSUPPORTED',
        `The file system of ${parent} (brick ${brickPath}) has no extended attributes (Operation not ` +
          'supported). glusterd needs them on every brick: mount a volume with ext4 or xfs at ' +
          'GLUSTER_BRICK_PATH.',
        error,
      );
    }
    return { warning: `could not check extended attributes in ${parent}: ${said}` };
  } finally {
    await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }
}
