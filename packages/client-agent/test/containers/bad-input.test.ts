import { describe, expect, it } from 'vitest';
import { agentErrors } from '../../../../e2e/src/agent-log.js';
import { runAsteroidsToExit } from '../../../../e2e/src/asteroids-node.js';

const EXIT_CONFIG = 78;
const EXIT_UNAVAILABLE = 69;

/** The messages of the error lines the agent printed before exiting. */
function errorMessages(output: string): string[] {
  return agentErrors(output).map((line) => line.msg);
}

describe('an asteroids container with bad input stops with a message that names it', () => {
  it('exits 78 naming GLUSTER_PEER when GLUSTER_PEER is unset', async () => {
    const { exitCode, output } = await runAsteroidsToExit({});
    expect(exitCode, output).toBe(EXIT_CONFIG);
    const errors = errorMessages(output);
    expect(errors, output).not.toEqual([]);
    expect(errors.join('\n')).toContain('GLUSTER_PEER');
  });

  it('exits 78 at once naming SYS_ADMIN when the container may not mount FUSE', async () => {
    const { exitCode, output } = await runAsteroidsToExit(
      { GLUSTER_PEER: 'gluster01', MOUNT_TIMEOUT_S: '60' },
      { withoutSysAdmin: true, timeoutMs: 60_000 },
    );
    expect(exitCode, output).toBe(EXIT_CONFIG);
    const errors = errorMessages(output);
    expect(errors, output).toHaveLength(1);
    expect(errors[0]).toContain('SYS_ADMIN');
    // /dev/fuse was given, so it is not named.
    expect(errors[0]).not.toContain('/dev/fuse device');
  });

  it('exits 69 after MOUNT_TIMEOUT_S naming the peer when no peer answers', async () => {
    const started = performance.now();
    const { exitCode, output } = await runAsteroidsToExit({
      GLUSTER_PEER: 'nosuchhost',
      MOUNT_TIMEOUT_S: '5',
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `GLUSTER_PEER=nosuchhost MOUNT_TIMEOUT_S=5: exited ${exitCode} after ${seconds.toFixed(1)} s`,
    );
    expect(exitCode, output).toBe(EXIT_UNAVAILABLE);
    const errors = errorMessages(output);
    expect(errors, output).not.toEqual([]);
    expect(errors.join('\n')).toContain('nosuchhost');
    // The deadline is honoured: not the default 300 s (container start and stop included).
    expect(seconds).toBeLessThan(60);
  });
});
