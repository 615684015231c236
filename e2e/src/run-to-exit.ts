import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { FUSE_DOCKER_RUN_FLAGS, GLUSTER_DOCKER_RUN_FLAGS } from './gluster-node.js';
import { IMAGES } from './images.js';
import { STACK_CA_RUN_FLAGS } from './stack-ca.js';

/** Options of `runToExit`. */
export interface RunToExitOptions {
  /** Environment of the container (argument array, never a shell string). */
  env: Record<string, string>;
  /** Network to join (a suite's network) with this alias, or 'none' for no network at all. */
  network?: { name: string; alias: string } | 'none';
  /** Mount the volumes of this (stopped) container: its peer state and brick, as a replacement node. */
  volumesFrom?: string;
  /** Image tag; the working tree's gluster-server build by default. */
  image?: string;
  /** The container must have exited by then, or the run fails (default 120 s). */
  timeoutMs?: number;
  /** Leave out `--cap-add SYS_ADMIN`, as a user who forgot it would. */
  withoutSysAdmin?: boolean;
  /** Leave out the stack CA, as a user who skipped that step would. */
  withoutStackCa?: boolean;
  /** `docker stop` the container once its output contains this text (a stop at that point). */
  stopOnOutput?: string;
}

/** How a run-to-completion container ended. */
export interface ExitedContainer {
  exitCode: number;
  /** stdout and stderr interleaved, as `docker logs` shows them. */
  output: string;
}

/**
 * Runs one of our containers in the foreground until it exits, for exit-code tests, then removes
 * it with its anonymous volumes. Named ga-test-<uuid>; killed if it outlives the timeout.
 */
export async function runToExit(options: RunToExitOptions): Promise<ExitedContainer> {
  const name = `ga-test-${randomUUID()}`;
  const env = Object.entries(options.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const network =
    options.network === 'none'
      ? ['--network', 'none']
      : options.network
        ? ['--network', options.network.name, '--network-alias', options.network.alias]
        : [];
  try {
    const run = execa(
      'docker',
      [
        'run',
        '--name',
        name,
        ...(options.withoutSysAdmin ? FUSE_DOCKER_RUN_FLAGS : GLUSTER_DOCKER_RUN_FLAGS),
        ...(options.withoutStackCa ? [] : STACK_CA_RUN_FLAGS),
        ...network,
        ...(options.volumesFrom ? ['--volumes-from', options.volumesFrom] : []),
        ...env,
        options.image ?? IMAGES['gluster-server'].tag,
      ],
      { reject: false, all: true, timeout: options.timeoutMs ?? 120_000 },
    );
    if (options.stopOnOutput) stopOnOutput(run.all, name, options.stopOnOutput);
    const result = await run;
    if (result.timedOut) {
      const tail = (result.all ?? '').split('\n').slice(-20).join('\n');
      throw new Error(
        `${name} was still running after ${options.timeoutMs ?? 120_000} ms; last output:\n${tail}`,
      );
    }
    return { exitCode: result.exitCode ?? -1, output: result.all ?? '' };
  } finally {
    await execa('docker', ['rm', '--force', '--volumes', name], { reject: false, timeout: 60_000 });
  }
}

/** Sends `docker stop` to `name` once `output` has shown `text` (once). */
function stopOnOutput(output: NodeJS.ReadableStream | undefined, name: string, text: string): void {
  let seen = '';
  const onData = (chunk: Buffer | string): void => {
    seen += chunk.toString();
    if (!seen.includes(text)) return;
    output?.removeListener('data', onData);
    void execa('docker', ['stop', name], { reject: false, timeout: 60_000 });
  };
  output?.on('data', onData);
}
