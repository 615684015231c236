import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { REPO_ROOT } from './images.js';

/** Options of `composeProject`. */
export interface ComposeProjectOptions {
  /** Compose files relative to the repository root, in `-f` order (default: docker-compose.yml). */
  files?: readonly string[];
  /** Variables the compose files read (GA_TAG, HTTP_PORT, ...), on top of the test's environment. */
  env?: Record<string, string>;
}

/** One service as `docker compose ps` reports it. */
export interface ComposeService {
  service: string;
  state: string;
  /** healthy, unhealthy, starting, or '' for a service without a healthcheck. */
  health: string;
  exitCode: number;
}

/** Services that run once at `up` and exit 0 (the stack CA's init): never "running". */
export const ONE_SHOT_SERVICES: readonly string[] = ['stack-ca'];

/**
 * What is wrong with a stack that should be up: `services` running and healthy, and nothing
 * else but the one-shots, exited 0. [] when all is as it should be.
 */
export function stackUpProblems(states: readonly ComposeService[], services: readonly string[]): string[] {
  const problems: string[] = [];
  const names = states.map((s) => s.service).sort();
  const expected = [...services, ...ONE_SHOT_SERVICES].sort();
  if (names.join(',') !== expected.join(','))
    problems.push(`services ${names.join(',')}, expected ${expected.join(',')}`);
  for (const state of states) {
    const ok = ONE_SHOT_SERVICES.includes(state.service)
      ? state.state === 'exited' && state.exitCode === 0
      : state.state === 'running' && state.health === 'healthy';
    if (!ok) problems.push(`${state.service}: ${state.state} ${state.health} (exit ${state.exitCode})`);
  }
  return problems;
}

/** What a compose command printed. */
export interface ComposeOutput {
  stdout: string;
  /** stdout and stderr interleaved. */
  all: string;
}

/** The repository's compose stack under a project name of its own (ga-test-<random>). */
export interface ComposeProject {
  /** The project name: prefix of its containers, volumes and network. */
  name: string;
  /** Runs `docker compose -p <name> -f ... <args>`; throws with the output on failure. */
  run(args: readonly string[], timeoutMs?: number): Promise<ComposeOutput>;
  /** `up --detach --wait --no-build`: every service started and healthy, or throws with logs. */
  up(timeoutS: number): Promise<void>;
  /** Services and their state now. */
  services(): Promise<ComposeService[]>;
  /** The host port published for a service's container port (looked up now: `up` may change it). */
  port(service: string, containerPort: number): Promise<number>;
  /** Runs a command in a service's container (argument array, no shell) and returns stdout. */
  exec(service: string, command: readonly string[]): Promise<string>;
  /** Names (volumes) or ids (networks) of the Docker objects labelled as this project's. */
  objects(kind: 'volume' | 'network'): Promise<string[]>;
  /** `down --volumes --remove-orphans`: removes everything; never throws (used in afterAll). */
  destroy(): Promise<void>;
}

/**
 * The repository's own compose file(s) as a project named ga-test-<random>, so a test never
 * touches a stack a user (or another test) runs from the same files. Images are not built:
 * the test reuses the globalSetup's :dev images (GA_TAG=dev by default here).
 */
export function composeProject(options: ComposeProjectOptions = {}): ComposeProject {
  const name = `ga-test-${randomUUID().slice(0, 8)}`;
  const fileArgs = (options.files ?? ['docker-compose.yml']).flatMap((file) => ['-f', file]);
  const env = { GA_TAG: 'dev', ...options.env };
  const run = async (args: readonly string[], timeoutMs = 120_000): Promise<ComposeOutput> => {
    const { stdout, all } = await execa('docker', ['compose', '-p', name, ...fileArgs, ...args], {
      cwd: REPO_ROOT,
      env,
      all: true,
      timeout: timeoutMs,
    });
    return { stdout, all };
  };
  const project: ComposeProject = {
    name,
    run,
    async up(timeoutS) {
      const args = ['up', '--detach', '--wait', '--wait-timeout', String(timeoutS), '--no-build'];
      try {
        await run(args, (timeoutS + 60) * 1000);
      } catch (error) {
        const logs = await run(['logs', '--no-color', '--tail', '30'], 60_000).catch(() => undefined);
        throw new Error(`${name}: up did not become healthy\n${String(error)}\n${logs?.all ?? ''}`);
      }
    },
    async services() {
      const { stdout } = await run(['ps', '--all', '--format', 'json']);
      return stdout
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => {
          const row = JSON.parse(line) as {
            Service: string;
            State: string;
            Health: string;
            ExitCode: number;
          };
          return { service: row.Service, state: row.State, health: row.Health, exitCode: row.ExitCode };
        });
    },
    async port(service, containerPort) {
      const { stdout } = await run(['port', service, String(containerPort)]);
      const port = Number(stdout.trim().slice(stdout.trim().lastIndexOf(':') + 1));
      if (!Number.isInteger(port) || port <= 0)
        throw new Error(`${name}: no host port for ${service} ${containerPort}`);
      return port;
    },
    async exec(service, command) {
      const { stdout } = await run(['exec', '-T', service, ...command]);
      return stdout;
    },
    async objects(kind) {
      const { stdout } = await execa(
        'docker',
        [kind, 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${name}`],
        { timeout: 30_000 },
      );
      return stdout.split('\n').filter(Boolean);
    },
    async destroy() {
      await run(['down', '--volumes', '--remove-orphans', '--timeout', '10'], 180_000).catch(() => undefined);
    },
  };
  return project;
}
