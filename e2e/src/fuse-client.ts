import type { StartedTestContainer } from 'testcontainers';
import { execOk } from './gluster-cli.js';

/**
 * Which bricks a FUSE client is connected to, from the client's own view: the meta translator's
 * `.meta/graphs/active/<volume>-client-N/` (remote-host option, `connected` in private). This is
 * the I/O path itself, not a probe of glusterd, so it shows when the client really failed over
 * and when it reconnected to a restarted brick (new port, "within seconds, not instantly").
 */
export async function brickConnections(
  container: StartedTestContainer,
  mountPoint = '/mnt/ranchervol',
): Promise<Record<string, boolean>> {
  // A fixed script; the mount point is passed as an argument, never spliced into the shell text.
  const script =
    'for d in "$1"/.meta/graphs/active/*-client-*; do ' +
    'printf "%s %s\\n" "$(cat "$d/options/remote-host")" "$(sed -n "s/^connected = //p" "$d/private")"; done';
  const stdout = await execOk(container, ['sh', '-c', script, 'sh', mountPoint]);
  const connections: Record<string, boolean> = {};
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [host = '', connected = ''] = line.trim().split(/\s+/);
    connections[host] = connected === '1';
  }
  return connections;
}
