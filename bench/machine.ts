import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { execa } from 'execa';

/** Where and when the report was measured, as its header states it. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  os: string;
  dockerVersion: string;
  composeVersion: string;
  nodeVersion: string;
  /** `git describe`-like revision of the working tree, "+ local changes" when it is dirty. */
  gitRevision: string;
  /** Load average when the run started: the machine is shared, this says how busy it was. */
  loadAtStart: string;
  measuredAt: string;
}

async function output(command: string, args: readonly string[]): Promise<string> {
  const { stdout, exitCode } = await execa(command, args, { reject: false, timeout: 30_000 });
  return exitCode === 0 ? stdout.trim() : 'unknown';
}

function osName(): string {
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return pretty?.[1] ?? 'unknown';
}

/** Describes this machine and the working tree, read at the start of a run. */
export async function describeMachine(repoRoot: string): Promise<MachineDescription> {
  const revision = await output('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  const dirty = await output('git', ['-C', repoRoot, 'status', '--porcelain']);
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    os: osName(),
    dockerVersion: await output('docker', ['version', '--format', '{{.Server.Version}}']),
    composeVersion: await output('docker', ['compose', 'version', '--short']),
    nodeVersion: process.version,
    gitRevision: dirty === '' || dirty === 'unknown' ? revision : `${revision} + local changes`,
    loadAtStart: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    measuredAt: new Date().toISOString(),
  };
}
