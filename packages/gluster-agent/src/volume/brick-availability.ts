import type { VolumeStatusReport } from '../cli/volume-status.js';
import type { VolumeInfo } from '../cli/volumes.js';

/** A brick of the volume joined with its process status. */
export interface BrickAvailability {
  host: string;
  path: string;
  isArbiter: boolean;
  online: boolean;
  /** -1 when offline or unknown. */
  pid: number;
  port: number;
  /** 'running', 'stopped' (glusterd answered, process down) or 'unreported' (its node's glusterd is down). */
  state: 'running' | 'stopped' | 'unreported';
}

/**
 * Every brick of `info` with its status. `volume status` omits bricks whose glusterd is down
 * (gluster 11), so a brick missing from `status` is offline ('unreported'), not absent.
 */
export function brickAvailability(
  info: VolumeInfo,
  status: VolumeStatusReport | undefined,
): BrickAvailability[] {
  return info.bricks.map((brick) => {
    const seen = status?.bricks.find((entry) => entry.host === brick.host && entry.path === brick.path);
    if (!seen) return { ...pick(brick), online: false, pid: -1, port: -1, state: 'unreported' };
    return {
      ...pick(brick),
      online: seen.online,
      pid: seen.pid,
      port: seen.port,
      state: seen.online ? 'running' : 'stopped',
    };
  });
}

function pick(brick: VolumeInfo['bricks'][number]): Pick<BrickAvailability, 'host' | 'path' | 'isArbiter'> {
  return { host: brick.host, path: brick.path, isArbiter: brick.isArbiter };
}
