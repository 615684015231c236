import type { CommandOutput, RunCommandOptions } from '@gluster-asteroids/agent-runtime';
import { describe, expect, it } from 'vitest';
import { activeGraphDir, parseBrickConnections, readBrickConnections } from './brick-connections.js';

/** What the read printed in a real asteroids container (gluster 11.1) with gluster02 stopped. */
const ONE_BRICK_DOWN = [
  './ranchervol-client-0/type:protocol/client',
  './ranchervol-client-1/type:protocol/client',
  './ranchervol-client-0/options/remote-host:gluster01',
  './ranchervol-client-1/options/remote-host:gluster02',
  './ranchervol-client-0/options/remote-subvolume:/gluster_volume/brick',
  './ranchervol-client-1/options/remote-subvolume:/gluster_volume/brick',
  './ranchervol-client-0/private:[xlator.protocol.client.ranchervol-client-0.priv]',
  './ranchervol-client-0/private:connected = 1',
  './ranchervol-client-0/private:total_bytes_read = 56528',
  './ranchervol-client-0/private:ping_timeout = 5',
  './ranchervol-client-0/private:total_bytes_written = 52980',
  './ranchervol-client-0/private:ping_msgs_sent = 17',
  './ranchervol-client-0/private:msgs_sent = 132',
  './ranchervol-client-1/private:[xlator.protocol.client.ranchervol-client-1.priv]',
  './ranchervol-client-1/private:connected = 0',
  './ranchervol-client-1/private:total_bytes_read = 225855',
  './ranchervol-client-1/private:ping_timeout = 5',
  './ranchervol-client-1/private:total_bytes_written = 1548099',
  './ranchervol-client-1/private:ping_msgs_sent = 0',
  './ranchervol-client-1/private:msgs_sent = 0',
  '',
].join('\n');

function output(stdout: string): CommandOutput {
  return { command: 'sh', args: [], exitCode: 0, signal: undefined, stdout, stderr: '', durationMs: 3 };
}

describe('parseBrickConnections', () => {
  it('lists every brick of the volume in client order with its host and whether it is connected', () => {
    expect(parseBrickConnections(ONE_BRICK_DOWN, 'ranchervol')).toEqual([
      {
        name: 'gluster01:/gluster_volume/brick',
        host: 'gluster01',
        connected: true,
        client: 'ranchervol-client-0',
      },
      {
        name: 'gluster02:/gluster_volume/brick',
        host: 'gluster02',
        connected: false,
        client: 'ranchervol-client-1',
      },
    ]);
  });

  it('orders by the client number, not as the lines come (client-10 after client-2)', () => {
    const lines = [10, 2].flatMap((n) => [
      `./v-client-${n}/type:protocol/client`,
      `./v-client-${n}/options/remote-host:h${n}`,
      `./v-client-${n}/options/remote-subvolume:/b`,
      `./v-client-${n}/private:connected = 1`,
    ]);
    expect(parseBrickConnections(lines.join('\n'), 'v').map((brick) => brick.host)).toEqual(['h2', 'h10']);
  });

  it('counts a brick without a connected line as not connected and names it by its client without a path', () => {
    const text = ['./v-client-0/type:protocol/client', './v-client-0/options/remote-host:g1'].join('\n');
    expect(parseBrickConnections(text, 'v')).toEqual([
      { name: 'v-client-0', host: 'g1', connected: false, client: 'v-client-0' },
    ]);
  });

  it('ignores other volumes, other xlator types, unknown files and stray text', () => {
    const text = [
      "sh: 1: cd: can't cd to /mnt/v/.meta/graphs/active",
      './other-client-0/type:protocol/client',
      './other-client-0/private:connected = 1',
      './v-client-x/type:protocol/client',
      './v-client-0/type:debug/io-stats',
      './v-client-0/private:connected = 1',
      './v-client-1/type:protocol/client',
      './v-client-1/history:connected = 1',
      './v-client-1/private:connected = 1',
      './v-client-1/private:connected = 0',
    ].join('\n');
    expect(parseBrickConnections(text, 'v')).toEqual([
      { name: 'v-client-1', host: '', connected: true, client: 'v-client-1' },
    ]);
  });

  it('finds no bricks in empty output (not mounted)', () => {
    expect(parseBrickConnections('', 'ranchervol')).toEqual([]);
  });
});

describe('readBrickConnections', () => {
  it("reads the mount's active graph in a child process with a timeout, the path as an argument", async () => {
    const calls: Array<{ command: string; args: readonly string[]; options: RunCommandOptions }> = [];
    const bricks = await readBrickConnections({
      mountPoint: '/mnt/ranchervol',
      volume: 'ranchervol',
      run: async (command, args, options) => {
        calls.push({ command, args, options });
        return output(ONE_BRICK_DOWN);
      },
    });
    expect(bricks.map((brick) => brick.connected)).toEqual([true, false]);
    const [call] = calls;
    expect(call?.command).toBe('sh');
    expect(call?.args[0]).toBe('-c');
    expect(call?.args[1]).not.toContain('/mnt/ranchervol');
    expect(call?.args.slice(2)).toEqual(['sh', '/mnt/ranchervol/.meta/graphs/active']);
    expect(call?.options).toMatchObject({ timeoutMs: 2_000, rejectOnExitCode: false });
    expect(activeGraphDir('/mnt/x')).toBe('/mnt/x/.meta/graphs/active');
  });

  it('passes the runner error on (a read that timed out)', async () => {
    const read = readBrickConnections({
      mountPoint: '/mnt/v',
      volume: 'v',
      timeoutMs: 50,
      run: async () => {
        throw new Error('sh timed out after 50 ms');
      },
    });
    await expect(read).rejects.toThrow('timed out');
  });
});
