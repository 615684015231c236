import { createHash } from 'node:crypto';
import { daysUntilExpiryAt, type TlsStatus } from '@gluster-asteroids/agent-runtime';
import type { VolumeInfo } from '../cli/volumes.js';

/**
 * Why this server's certificate must be renewed now, or undefined: fewer than `renewBeforeDays`
 * days are left (or it has expired). TLS off has nothing to renew.
 */
export function renewalDue(status: TlsStatus, renewBeforeDays: number, now: Date): string | undefined {
  if (status.mode !== 'on') return undefined;
  const daysLeft = daysUntilExpiryAt(status.notAfter, now);
  if (daysLeft >= renewBeforeDays) return undefined;
  return daysLeft <= 0
    ? `the certificate expired on ${status.notAfter}`
    : `the certificate expires in ${Math.floor(daysLeft)} days (renewed from ${renewBeforeDays} days before)`;
}

/**
 * The minute of the hour at which this node looks whether its certificate is due. Nodes whose
 * certificates were issued together come due together; each restarts its gluster processes only
 * while the volume is fully redundant, and their checks an hour apart / brick count keep two
 * nodes from finding it redundant at the same moment. The slot is the node's place among the
 * volume's bricks; before there is a volume, a hash of its name.
 */
export function renewalMinute(
  self: string,
  nodeUuid: string | undefined,
  volume: VolumeInfo | undefined,
): number {
  const index = volume && nodeUuid ? volume.bricks.findIndex((brick) => brick.hostUuid === nodeUuid) : -1;
  if (volume && index >= 0) return Math.floor((index * 60) / Math.max(1, volume.brickCount));
  return createHash('sha256').update(self).digest().readUInt32BE(0) % 60;
}

/** The node-cron expression of the hourly check at `minute`. */
export function renewalSchedule(minute: number): string {
  return `${minute} * * * *`;
}
