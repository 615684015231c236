import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type CommandRunner,
  commandSaid,
  ExitCodes,
  GaError,
  runCommand,
} from '@gluster-asteroids/agent-runtime';

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

/** The attribute written and removed again; its name says who left it, should removal fail. */
const PROBE_ATTRIBUTE = 'trusted.gluster-asteroids.xattr-check';

async function nearestExistingDir(path: string): Promise<string> {
  for (let dir = path; ; dir = dirname(dir)) {
    const found = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (found || dir === dirname(dir)) return dir;
  }
}

/**
 * Checks, before glusterd needs it, that a trusted.* extended attribute can be set where the
 * brick will be. Without SYS_ADMIN, `volume create` fails on this node with "Setting extended
 * attributes failed, reason: Operation not permitted", and the node that creates the volume
 * retries it until its peer deadline: minutes of info lines and a generic exit 69 for what one
 * line can say now. Returns a warning when the check itself could not run (then glusterd tells).
 */
export async function checkBrickXattrs(
  brickPath: string,
  run: CommandRunner = runCommand,
): Promise<{ warning?: string }> {
  const dir = await nearestExistingDir(brickPath);
  try {
    await run('setfattr', ['-n', PROBE_ATTRIBUTE, '-v', '1', '--', dir], { timeoutMs: 10_000 });
    await run('setfattr', ['-x', PROBE_ATTRIBUTE, '--', dir], { timeoutMs: 10_000 });
    return {};
  } catch (error) {
    const said = commandSaid(error);
    if (/Operation not permitted/i.test(said)) {
      throw new BrickError(
        'GA_BRICK_XATTRS_DENIED',
        `Cannot set trusted.* extended attributes on ${dir} (brick ${brickPath}): Operation not permitted. ` +
          'glusterd needs them on every brick, and only a container with the SYS_ADMIN capability may set ' +
          "them: add it (compose: `cap_add: [SYS_ADMIN]`; Rancher: the container's capabilities); " +
          '--privileged is not needed.',
        error,
      );
    }
    if (/Operation not supported/i.test(said)) {
      throw new BrickError(
        'GA_BRICK_XATTRS_UNSUPPORTED',
        `The file system of ${dir} (brick ${brickPath}) has no extended attributes (Operation not ` +
          'supported). glusterd needs them on every brick: mount a volume with ext4 or xfs at ' +
          'GLUSTER_BRICK_PATH.',
        error,
      );
    }
    return { warning: `could not check extended attributes on ${dir}: ${said}` };
  }
}
