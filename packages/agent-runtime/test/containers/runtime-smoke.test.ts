import { execa } from 'execa';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGES } from '../../../../e2e/src/images.js';

const GRACE_PERIOD_S = 10;
let container: StartedTestContainer | undefined;

afterAll(async () => {
  if (container) await execa('docker', ['rm', '-f', container.getId()], { reject: false });
});

async function inspectState(id: string): Promise<{ ExitCode: number; OOMKilled: boolean; Running: boolean }> {
  const { stdout } = await execa('docker', ['inspect', '--format', '{{json .State}}', id]);
  return JSON.parse(stdout);
}

describe('runtime smoke image (tini + supervisor + dummy program)', () => {
  it('becomes ready, then stops on docker stop within the grace period with exit code 0', async () => {
    container = await new GenericContainer(IMAGES['runtime-smoke'].tag)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/readyz', 8080).forStatusCode(200))
      .withStartupTimeout(60_000)
      .withAutoRemove(false)
      .start();
    const metrics = await (await fetch(`http://127.0.0.1:${container.getMappedPort(8080)}/metrics`)).text();
    expect(metrics).toContain('ga_program_up{program="dummy"} 1');

    const id = container.getId();
    const started = performance.now();
    // docker stop sends SIGTERM and SIGKILLs after the grace period: exit code 137 would mean
    // the runtime did not stop in time.
    await execa('docker', ['stop', '--time', String(GRACE_PERIOD_S), id]);
    const stopSeconds = (performance.now() - started) / 1000;
    const state = await inspectState(id);
    expect(state.Running).toBe(false);
    expect(state.ExitCode).toBe(0);
    expect(stopSeconds).toBeLessThan(GRACE_PERIOD_S);
    const { stdout } = await execa('docker', ['logs', id]);
    expect(stdout).toContain('"msg":"dummy up"');
    expect(stdout).toContain('received SIGTERM: stopping');
    expect(stdout).toContain('all programs stopped (cleanly)');
  });
});
