import { ExitCodes, GaError } from '@gluster-asteroids/agent-runtime';
import type { PeerProbe } from '../peers/probe-peers.js';

/** Stable codes of the storage errors, each with what it means and what to do (a test checks docs). */
export const STORAGE_ERROR_CODES = {
  GA_NO_LIVE_PEER:
    'No peer in GLUSTER_PEER served the volume before MOUNT_TIMEOUT_S; each peer’s probe result is listed.',
  GA_MOUNT_FAILED: 'mount -t glusterfs failed; the message has mount’s output.',
  GA_MOUNT_NOT_GLUSTER: 'The mount point is not a fuse.glusterfs mount after mounting.',
  GA_MOUNT_NOT_READABLE: 'The mounted volume does not answer a stat of its root (bricks offline or hung).',
  GA_MOUNT_NOT_PERMITTED:
    'The container may not mount FUSE: it lacks the SYS_ADMIN capability or the /dev/fuse device.',
} as const;

export type StorageErrorCode = keyof typeof STORAGE_ERROR_CODES;

export class StorageError extends GaError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown; exitsWith?: number }) {
    super(code, message, options);
  }
}

/** The give-up error after the mount deadline, with what each peer answered. */
export function noLivePeerError(
  volume: string,
  probes: readonly PeerProbe[],
  lastError: string,
  waitedMs: number,
): StorageError {
  const lines = probes.map((probe) => `  - ${probe.detail}`).join('\n');
  return new StorageError(
    'GA_NO_LIVE_PEER',
    `Could not mount volume ${volume} from any peer in GLUSTER_PEER within ${Math.round(waitedMs / 1000)} s ` +
      `(last error: ${lastError}). Peers:\n${lines}\nCheck that the GlusterFS servers run, that GLUSTER_PEER names ` +
      'them as this container resolves them, and that GLUSTER_VOL matches the volume they serve.',
    { exitsWith: ExitCodes.UNAVAILABLE },
  );
}
