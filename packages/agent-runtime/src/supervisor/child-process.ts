import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { ExitInfo } from './types.js';

/** One running process as the supervisor sees it; the seam tests replace with fakes. */
export interface ChildHandle {
  readonly pid: number | undefined;
  /** Resolves once, when the process has ended (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Sends a signal to the process's whole group (it and what it started). */
  signalGroup(signal: NodeJS.Signals): void;
}

/** What a spawner needs to start one process. */
export interface SpawnRequest {
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
  /** Default true: `env` is added to the agent's environment; false: it is the whole environment. */
  extendEnv?: boolean;
  /** Run as this user and group (the agent must be root); supplementary groups are dropped. */
  uid?: number;
  gid?: number;
  cwd?: string;
  /** Called for every line the process prints. */
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

export type Spawner = (request: SpawnRequest) => ChildHandle;

function pipeLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', onLine);
}

function signalProcessGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    // A negative pid addresses the process group the detached child leads.
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Starts a program in a process group of its own (so a stop reaches its children too), with
 * stdin closed and each output line handed to `onLine`, optionally as another user and with an
 * environment of its own. Uses execa with an argument array.
 */
export const spawnChild: Spawner = (request) => {
  const subprocess = execa(request.command, [...request.args], {
    detached: true,
    // The supervisor owns the lifecycle: execa must not kill or buffer on its own.
    cleanup: false,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    ...(request.env ? { env: request.env } : {}),
    ...(request.extendEnv === false ? { extendEnv: false } : {}),
    // libuv calls setgroups(0) before setgid/setuid: the child keeps none of root's groups.
    ...(request.uid !== undefined ? { uid: request.uid } : {}),
    ...(request.gid !== undefined ? { gid: request.gid } : {}),
    ...(request.cwd ? { cwd: request.cwd } : {}),
  });
  pipeLines(subprocess.stdout, (line) => request.onLine('stdout', line));
  pipeLines(subprocess.stderr, (line) => request.onLine('stderr', line));
  const exited = subprocess.then((result): ExitInfo => {
    if (result.exitCode === undefined && result.signal === undefined) {
      const cause = result.cause as NodeJS.ErrnoException | undefined;
      return { exitCode: undefined, signal: undefined, spawnError: cause?.code ?? result.shortMessage };
    }
    return { exitCode: result.exitCode, signal: result.signal };
  });
  return {
    pid: subprocess.pid,
    exited,
    signalGroup: (signal) => signalProcessGroup(subprocess.pid, signal),
  };
};
