import { parseArgs } from 'node:util';
import {
  commonEnvSpecs,
  ExitCodes,
  GaError,
  httpGet,
  type Logger,
  parseEnv,
  pollUntil,
} from '@gluster-asteroids/agent-runtime';
import { GlusterCli } from '../cli/gluster-cli.js';
import { glusterAgentEnvSpecs } from '../config.js';
import { glusterRunner } from '../glusterd/gluster-runner.js';
import {
  clearNodeFlag,
  MAINTENANCE_OFF,
  MAINTENANCE_OPTION,
  type Maintenance,
  writeNodeFlag,
} from './maintenance.js';

/** What the command reads of the container's environment (docker exec passes it on). */
const commandEnvSpecs = {
  HEALTH_PORT: commonEnvSpecs.HEALTH_PORT,
  GLUSTER_VOL: glusterAgentEnvSpecs.GLUSTER_VOL,
};

/** How long the running agent may take to confirm: its round in progress, then one more. */
const CONFIRM_TIMEOUT_MS = 75_000;

const USAGE =
  'usage: gluster-agent maintenance on [--all] [reason ...] | off [--all] | status ' +
  '(--all: every node of the volume, through a volume option)';

function usageError(message: string): GaError {
  return new GaError('GA_USAGE', `${message}; ${USAGE}`, { exitsWith: ExitCodes.CONFIG });
}

/**
 * `docker compose exec gluster01 gluster-agent maintenance on|off|status [--all] [reason]`: tells
 * this node's running agent (or, with --all, every node's) to leave the volume alone while an
 * operator works by hand, or hands control back, and waits until this node's agent confirms it
 * in /status. This node's switch is a file in its state directory, so it survives a restart; the
 * volume-wide one is the volume option user.gluster-asteroids.maintenance, which each agent reads
 * at its next reconcile round.
 */
export async function maintenanceCommand(logger: Logger, argv: readonly string[]): Promise<number> {
  const { values, positionals } = parsedArgs(argv);
  const [action, ...words] = positionals;
  const env = parseEnv(commandEnvSpecs, process.env);
  const statusUrl = `http://127.0.0.1:${env.HEALTH_PORT}/status`;
  if (action === 'status') {
    logger.info(
      { maintenance: await agentMaintenance(statusUrl) },
      "maintenance as this node's agent sees it",
    );
    return ExitCodes.OK;
  }
  if (action !== 'on' && action !== 'off') throw usageError(`unknown action "${action ?? ''}"`);
  const on = action === 'on';
  const since = new Date().toISOString();
  const reason = words.join(' ').trim();
  if (values.all) {
    const cli = new GlusterCli({ run: glusterRunner() });
    // `volume reset` does not know user.* options: off is a value of its own.
    await cli.volumeSet(env.GLUSTER_VOL, [{ key: MAINTENANCE_OPTION, value: on ? since : MAINTENANCE_OFF }]);
    if (reason)
      logger.warn('a reason is kept only for one node (without --all): gluster option values take no spaces');
  } else if (on) {
    await writeNodeFlag({ since, ...(reason ? { reason } : {}) });
  } else if (!(await clearNodeFlag())) {
    logger.info('this node had no maintenance flag of its own');
  }
  logger.info(
    `${on ? 'maintenance on' : 'maintenance off'} for ${values.all ? `every node of ${env.GLUSTER_VOL}` : 'this node'}; ` +
      "waiting for this node's agent to confirm (it finishes a round in progress first)",
  );
  const mine = values.all ? 'volume' : 'node';
  const confirmed = await pollUntil(
    async () => {
      const seen = await agentMaintenance(statusUrl).catch(() => undefined);
      // Off is confirmed once this switch no longer holds the agent (another one still may).
      const done = seen !== undefined && (on ? seen.on : seen.by !== mine);
      return done
        ? { done: true as const, value: seen }
        : { done: false as const, seen: JSON.stringify(seen) };
    },
    {
      what: "this node's agent to confirm the maintenance switch",
      intervalMs: 500,
      timeoutMs: CONFIRM_TIMEOUT_MS,
    },
  );
  logger.info(
    { maintenance: confirmed },
    on
      ? `confirmed: the agent leaves the volume alone from now on${values.all ? '; the other nodes follow at their next reconcile round' : ''}. ` +
          `Hand control back with: gluster-agent maintenance off${values.all ? ' --all' : ''}`
      : confirmed.on
        ? `this node's own switch is off, but the agent stays in maintenance by ${confirmed.by}`
        : 'confirmed: the agent keeps the cluster as configured again',
  );
  return ExitCodes.OK;
}

function parsedArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: { all: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

async function agentMaintenance(statusUrl: string): Promise<Maintenance> {
  const answer = await httpGet(statusUrl, { timeoutMs: 5_000 });
  return (JSON.parse(answer.body) as { maintenance: Maintenance }).maintenance;
}
