#!/usr/bin/env node
/**
 * `supervise [--name NAME] [--restart always|on-failure|never] [--stop-signal SIG]
 *            [--stop-timeout SECONDS] -- COMMAND [ARGS...]`
 *
 * Runs one program under the shared supervisor with the health server: the smallest complete
 * agent. The runtime's container smoke test uses it as its image's entrypoint (behind tini), and
 * it is handy for trying the supervisor by hand.
 */
import { parseArgs } from 'node:util';
import { startAgentHealth } from '../agent/agent-health.js';
import { runAgent } from '../agent/run-agent.js';
import { commonEnvSpecs } from '../config/common.js';
import { ConfigError } from '../config/config-error.js';
import { parseEnv } from '../config/env.js';
import { onStopSignal } from '../supervisor/stop-signals.js';
import { Supervisor } from '../supervisor/supervisor.js';
import type { ProgramSpec, RestartPolicy } from '../supervisor/types.js';

function programFromArgs(argv: readonly string[]): ProgramSpec {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      restart: { type: 'string', default: 'always' },
      'stop-signal': { type: 'string', default: 'SIGTERM' },
      'stop-timeout': { type: 'string', default: '8' },
    },
  });
  const [command, ...args] = positionals;
  const restart = values.restart as RestartPolicy;
  const stopTimeoutS = Number(values['stop-timeout']);
  const problems = [];
  if (!command)
    problems.push({
      variable: 'COMMAND',
      value: undefined,
      message: 'is required after --',
      example: '-- sleep 100',
    });
  if (!['always', 'on-failure', 'never'].includes(restart)) {
    problems.push({ variable: '--restart', value: restart, message: 'must be always, on-failure or never' });
  }
  if (!Number.isFinite(stopTimeoutS) || stopTimeoutS <= 0) {
    problems.push({
      variable: '--stop-timeout',
      value: values['stop-timeout'],
      message: 'must be a positive number of seconds',
    });
  }
  if (problems.length > 0 || !command) throw new ConfigError(problems);
  return {
    name: values.name ?? command,
    command,
    args,
    restart,
    stopSignal: values['stop-signal'] as NodeJS.Signals,
    stopTimeoutMs: stopTimeoutS * 1000,
  };
}

await runAgent('supervise', async (logger) => {
  const env = parseEnv(commonEnvSpecs);
  const program = programFromArgs(process.argv.slice(2));
  const supervisor = new Supervisor({ logger });
  const isRunning = () => {
    const status = supervisor.status()[0];
    return { ok: status?.state === 'running', detail: status?.state ?? 'pending' };
  };
  const health = await startAgentHealth({
    port: env.HEALTH_PORT,
    logger,
    supervisor,
    liveness: { [program.name]: isRunning },
    readiness: { [program.name]: isRunning },
    status: () => ({ programs: supervisor.status() }),
  });
  onStopSignal(logger, () => void supervisor.stop());
  await supervisor.start([program]).catch(() => undefined);
  const result = await supervisor.done;
  await health.close();
  return result.exitCode;
});
