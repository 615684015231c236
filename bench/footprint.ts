import { execa } from 'execa';
import { agentLogLines } from '../e2e/src/agent-log.js';
import { containerLogs, containerState } from '../e2e/src/docker-state.js';

/**
 * Resident memory (VmRSS) of a container's agent in MB (10^6 bytes, the unit of the goal). The agent is the one child of PID 1
 * (tini) in both images; its RSS is read from /proc inside the container.
 */
export async function agentRssMB(containerId: string): Promise<number> {
  // A fixed script: the only input is the container id, passed as an argument to docker.
  const script = 'grep VmRSS /proc/$(cut -d" " -f1 /proc/1/task/1/children)/status';
  const { stdout } = await execa('docker', ['exec', containerId, 'sh', '-c', script], { timeout: 30_000 });
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(stdout)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for the agent of ${containerId}: ${stdout}`);
  return (kib * 1024) / 1e6;
}

/**
 * Runs `load` while sampling each container's agent RSS every `intervalMs`; returns the load's
 * result and the highest RSS seen per container (the figure "under load" means).
 */
export async function peakRssDuring<T>(
  containerIds: readonly string[],
  load: () => Promise<T>,
  intervalMs = 500,
): Promise<{ result: T; peakMB: number[] }> {
  const peaks = containerIds.map(() => 0);
  let running = true;
  const sampler = (async () => {
    while (running) {
      const now = await Promise.all(containerIds.map((id) => agentRssMB(id).catch(() => 0)));
      now.forEach((mb, index) => {
        peaks[index] = Math.max(peaks[index] ?? 0, mb);
      });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  try {
    return { result: await load(), peakMB: peaks };
  } finally {
    running = false;
    await sampler;
  }
}

/**
 * Milliseconds from the container's start (tini execs the agent at once) to the agent's
 * "started <program>" log line, e.g. glusterd or nginx; NaN when the line is missing.
 */
export async function startToChildMs(containerId: string, program: string): Promise<number> {
  const [logs, state] = await Promise.all([containerLogs(containerId), containerState(containerId)]);
  const line = agentLogLines(logs).find((entry) => entry.msg === `started ${program}`);
  if (typeof line?.time !== 'string') return Number.NaN;
  return Date.parse(line.time) - Date.parse(state.startedAt);
}

/** An image's size and its biggest layers, as `docker image inspect` and `docker history` give them. */
export interface ImageFootprint {
  tag: string;
  /** Short image id and build time: the tag may be rebuilt between runs on a shared machine. */
  id: string;
  created: string;
  sizeMB: number;
  /** The largest layers, biggest first: size and the instruction that made them. */
  biggestLayers: { sizeMB: number; createdBy: string }[];
}

/** Size of `tag` and its `layers` biggest layers (decimal MB, as docker prints them). */
export async function imageFootprint(tag: string, layers = 3): Promise<ImageFootprint> {
  const { stdout: inspect } = await execa('docker', [
    'image',
    'inspect',
    '--format',
    '{{.Size}} {{.Id}} {{.Created}}',
    tag,
  ]);
  const [size = '', id = '', created = ''] = inspect.trim().split(' ');
  const { stdout: history } = await execa('docker', [
    'history',
    '--no-trunc',
    '--human=false',
    '--format',
    '{{.Size}}\t{{.CreatedBy}}',
    tag,
  ]);
  const biggestLayers = history
    .split('\n')
    .map((line) => {
      const [bytes = '0', createdBy = ''] = line.split('\t');
      return { sizeMB: Number(bytes) / 1e6, createdBy: shortInstruction(createdBy) };
    })
    .sort((a, b) => b.sizeMB - a.sizeMB)
    .slice(0, layers);
  return {
    tag,
    id: id.replace('sha256:', '').slice(0, 12),
    created,
    sizeMB: Number(size) / 1e6,
    biggestLayers,
  };
}

/** A Dockerfile instruction from `docker history`, without BuildKit's prefixes, cut to one line. */
function shortInstruction(createdBy: string): string {
  const text = createdBy
    .replace(/^\/bin\/sh -c (#\(nop\) )?/, '')
    .replace(/^RUN \|\d+ [^ ]+ /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return '(base image layer)';
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}
