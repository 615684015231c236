import { execa } from 'execa';

/** What `docker inspect` says about a container's life, for "was it restarted?" assertions. */
export interface ContainerState {
  running: boolean;
  exitCode: number;
  /** When the container's current run started (changes on every start or restart). */
  startedAt: string;
  /** Restarts done by Docker's restart policy. */
  restartCount: number;
}

/** The container's state now (a fresh `docker inspect`, nothing cached). */
export async function containerState(id: string): Promise<ContainerState> {
  const { stdout } = await execa('docker', ['inspect', '--format', '{{json .State}} {{.RestartCount}}', id], {
    timeout: 30_000,
  });
  const separator = stdout.lastIndexOf(' ');
  const state = JSON.parse(stdout.slice(0, separator)) as {
    Running: boolean;
    ExitCode: number;
    StartedAt: string;
  };
  return {
    running: state.Running,
    exitCode: state.ExitCode,
    startedAt: state.StartedAt,
    restartCount: Number(stdout.slice(separator + 1)),
  };
}

/** `docker stop --time <graceS>` (SIGTERM, SIGKILL after the grace period); returns seconds taken. */
export async function dockerStop(id: string, graceS: number): Promise<number> {
  const started = performance.now();
  await execa('docker', ['stop', '--time', String(graceS), id], { timeout: (graceS + 60) * 1000 });
  return (performance.now() - started) / 1000;
}

/** `docker start` of a stopped container (same id, volumes and network aliases). */
export async function dockerStart(id: string): Promise<void> {
  await execa('docker', ['start', id], { timeout: 60_000 });
}

/**
 * The host port mapped to `containerPort` now. Docker may pick a new one when a stopped container
 * starts again, which testcontainers' cached `getMappedPort` does not know.
 */
export async function mappedPortNow(id: string, containerPort: number): Promise<number> {
  const { stdout } = await execa('docker', ['port', id, `${containerPort}/tcp`], { timeout: 30_000 });
  const ipv4 = stdout.split('\n').find((line) => line.startsWith('0.0.0.0:')) ?? stdout.split('\n')[0] ?? '';
  const port = Number(ipv4.slice(ipv4.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0)
    throw new Error(`no host port for ${id} ${containerPort}: ${stdout}`);
  return port;
}

/** Everything the container printed (stdout and stderr interleaved), as `docker logs` shows it. */
export async function containerLogs(id: string): Promise<string> {
  const { all } = await execa('docker', ['logs', id], { all: true, timeout: 30_000 });
  return all ?? '';
}

/** `docker kill` (SIGKILL): the hard failure, sockets closed by the kernel, no cleanup. */
export async function dockerKill(id: string): Promise<void> {
  await execa('docker', ['kill', '--signal', 'KILL', id], { timeout: 60_000 });
}

/** `docker kill --signal <signal>`: a signal for the container's main process (tini passes it on). */
export async function dockerSignal(id: string, signal: NodeJS.Signals): Promise<void> {
  await execa('docker', ['kill', '--signal', signal, id], { timeout: 60_000 });
}

/** `docker pause`: every process frozen, sockets open but silent, as a hung server. */
export async function dockerPause(id: string): Promise<void> {
  await execa('docker', ['pause', id], { timeout: 60_000 });
}

/** `docker unpause` of a paused container. */
export async function dockerUnpause(id: string): Promise<void> {
  await execa('docker', ['unpause', id], { timeout: 60_000 });
}

/** `docker restart --time <graceS>`: the same container stopped gracefully and started again. */
export async function dockerRestart(id: string, graceS: number): Promise<void> {
  await execa('docker', ['restart', '--time', String(graceS), id], { timeout: (graceS + 60) * 1000 });
}

/** Cuts a container off a network (its other networks and its state stay). */
export async function networkDisconnect(network: string, id: string): Promise<void> {
  await execa('docker', ['network', 'disconnect', network, id], { timeout: 60_000 });
}

/** Connects a container to a network again under its alias, so peers find it by name. */
export async function networkConnect(network: string, id: string, alias: string): Promise<void> {
  await execa('docker', ['network', 'connect', '--alias', alias, network, id], { timeout: 60_000 });
}

/** One exit of a container, as Docker's event log records it. */
export interface ContainerExit {
  /** Epoch seconds. */
  at: number;
  exitCode: number;
}

/**
 * Every exit ("die" event) of a container between two moments (epoch ms, widened to whole
 * seconds): one per stop, kill or restart a test asked for, plus any exit of its own, which a
 * restart policy would otherwise cover up.
 */
export async function containerExits(id: string, sinceMs: number, untilMs: number): Promise<ContainerExit[]> {
  const { stdout } = await execa(
    'docker',
    [
      'events',
      '--since',
      String(Math.floor(sinceMs / 1000)),
      '--until',
      String(Math.ceil(untilMs / 1000)),
      '--filter',
      `container=${id}`,
      '--filter',
      'event=die',
      '--format',
      '{{.Time}} {{.Actor.Attributes.exitCode}}',
    ],
    { timeout: 30_000 },
  );
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [at, exitCode] = line.split(' ');
      return { at: Number(at), exitCode: Number(exitCode) };
    });
}

/**
 * Runs `command` in a throwaway container that mounts the volumes of the stopped container `id`
 * (`docker run --rm --volumes-from`): how a test takes away part of a node's state, as a lost disk
 * or a partial restore would, without the node running.
 */
export async function editVolumesOf(id: string, image: string, command: readonly string[]): Promise<void> {
  await execa(
    'docker',
    ['run', '--rm', '--volumes-from', id, '--entrypoint', command[0] ?? 'true', image, ...command.slice(1)],
    {
      timeout: 60_000,
    },
  );
}
