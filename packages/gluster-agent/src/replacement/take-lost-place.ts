import { lookup } from 'node:dns/promises';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  type Clock,
  describeError,
  type Logger,
  pollUntil,
  type Supervisor,
  systemClock,
} from '@gluster-asteroids/agent-runtime';
import type { ClusterState } from '../agent/cluster-state.js';
import { GlusterCli } from '../cli/gluster-cli.js';
import { healTotals } from '../cli/heal.js';
import type { GlusterAgentConfig } from '../config.js';
import { glusterRunner } from '../glusterd/gluster-runner.js';
import { readLocalBrick } from '../glusterd/local-brick.js';
import { containerAddresses } from '../identity/node-name.js';
import { type PoolMember, planReplacement, type SurvivorView } from './replacement-plan.js';

/** glusterd's state directory (the image's /var/lib/glusterd volume). */
const STATE_DIR = '/var/lib/glusterd';
/** How long one question to a peer's glusterd may take. */
const SURVIVOR_TIMEOUT_MS = 5_000;
/** Between two looks while a replacement is refused: the survivors may come back any moment. */
const REFUSED_RETRY_MS = 10_000;

/** What {@link takeLostPlace} works with. */
export interface TakeLostPlaceDeps {
  config: Pick<GlusterAgentConfig, 'self' | 'peers' | 'volumeName' | 'brickPath'>;
  /** This node's CLI. */
  cli: GlusterCli;
  supervisor: Pick<Supervisor, 'restart'>;
  state: Pick<ClusterState, 'update'>;
  logger: Logger;
  signal: AbortSignal;
  /** This container's addresses (default: its interfaces'). */
  ownAddresses?: () => readonly string[];
  /** Another node's CLI (--remote-host); replaced in tests. */
  remoteCli?: (host: string) => GlusterCli;
  stateDir?: string;
  clock?: Clock;
}

/**
 * Replace under the same name: a container that starts with no glusterd state and an empty brick,
 * under the name of a pool member that is gone, takes that member's place, without a gluster
 * command by hand. It asks the configured peers (--remote-host) what they know; when they name
 * this node's brick and its node is disconnected (see planReplacement), it restarts glusterd as
 * the lost node (its UUID, the members as friends: they then send it the volume definitions),
 * checks there is no split-brain, and rebuilds the brick with `reset-brick ... commit force`: the
 * directory is stamped and the other copies marked as its source, so self-heal fills it. A
 * refused replacement keeps the node blocked, saying why, and is tried again every 10 s.
 * Returns whether this node took a lost node's place.
 */
export async function takeLostPlace(deps: TakeLostPlaceDeps): Promise<boolean> {
  const { config, logger, state, signal } = deps;
  const stateDir = deps.stateDir ?? STATE_DIR;
  if (config.peers.length === 0 || !(await isFresh(stateDir, config.brickPath))) return false;
  const remote =
    deps.remoteCli ?? ((host: string) => new GlusterCli({ run: glusterRunner(), remoteHost: host }));
  const clock = deps.clock ?? systemClock;
  let told = '';
  for (;;) {
    signal.throwIfAborted();
    const views = await Promise.all(
      config.peers.map((peer) => survivorView(remote(peer), peer, config.volumeName, signal)),
    );
    const plan = planReplacement(
      config.self,
      config.brickPath,
      views.filter((view) => view !== undefined),
      await nameLeadsHere(config.self, deps.ownAddresses ?? containerAddresses),
    );
    if (plan.kind === 'none') return false;
    if (plan.kind === 'replace') {
      await becomeLostNode(deps, stateDir, plan.oldUuid, plan.members);
      await rebuildBrick(deps, plan.brick);
      return true;
    }
    state.update({ phase: 'blocked', blockedBy: plan.problem, notes: [plan.problem] });
    if (plan.problem !== told)
      logger.error({ code: 'GA_REPLACEMENT_REFUSED' }, `not replacing yet: ${plan.problem}`);
    told = plan.problem;
    await clock.sleep(REFUSED_RETRY_MS, signal);
  }
}

/**
 * Whether `name` leads only to this container: every address it resolves to is one of ours (an
 * address given as the name, too). A name that resolves nowhere, or also elsewhere, does not.
 */
export async function nameLeadsHere(name: string, ownAddresses: () => readonly string[]): Promise<boolean> {
  const own = new Set(ownAddresses());
  const found = isIP(name)
    ? [name]
    : await lookup(name, { all: true, family: 4 }).then(
        (answers) => answers.map((answer) => answer.address),
        () => [],
      );
  return found.length > 0 && found.every((address) => own.has(address));
}

/** No peers or volumes known yet, and a brick that is missing or holds nothing. */
async function isFresh(stateDir: string, brickPath: string): Promise<boolean> {
  const entries = async (dir: string) => (await readdir(join(stateDir, dir)).catch(() => [])).length;
  if ((await entries('peers')) > 0 || (await entries('vols')) > 0) return false;
  const brick = await readLocalBrick(brickPath);
  return brick.kind === 'missing' || (brick.kind === 'fresh' && brick.entries === 0);
}

/** One peer's answers, or undefined when it does not answer (it is down, or not yet up). */
async function survivorView(
  cli: GlusterCli,
  asked: string,
  volumeName: string,
  signal: AbortSignal,
): Promise<SurvivorView | undefined> {
  // Short: a peer that does not answer at once is no survivor to rebuild from, and this runs
  // before every first start of a node with GLUSTER_PEER.
  const options = { signal, timeoutMs: SURVIVOR_TIMEOUT_MS };
  try {
    const [pool, volume] = await Promise.all([cli.poolList(options), cli.findVolume(volumeName, options)]);
    const status = volume?.status === 'Started' ? await cli.volumeStatus(volumeName, options) : undefined;
    return { asked, pool, volume, status };
  } catch {
    return undefined;
  }
}

/**
 * Restarts glusterd as the lost node: its UUID in glusterd.info (the rest of the file as this
 * glusterd wrote it) and each member in peers/, as the members still know it.
 */
async function becomeLostNode(
  deps: TakeLostPlaceDeps,
  stateDir: string,
  oldUuid: string,
  members: readonly PoolMember[],
): Promise<void> {
  const { logger, config } = deps;
  logger.warn(
    { oldUuid, members },
    `this empty container takes the place of the lost node ${config.self} (${oldUuid}) in the pool; its brick is rebuilt from the other copies`,
  );
  const taken = await deps.supervisor.restart(
    'glusterd',
    `to take the lost node's UUID ${oldUuid}`,
    async () => {
      const infoFile = join(stateDir, 'glusterd.info');
      const info = await readFile(infoFile, 'utf8');
      await writeFile(infoFile, info.replace(/^UUID=.*$/m, `UUID=${oldUuid}`));
      await mkdir(join(stateDir, 'peers'), { recursive: true });
      // The brick directory must exist when glusterd learns the volume: it resolves a local
      // brick's real path then, and without one it takes the brick for a new one later.
      await mkdir(config.brickPath, { recursive: true });
      for (const member of members) {
        await writeFile(
          join(stateDir, 'peers', member.uuid),
          `uuid=${member.uuid}\nstate=3\nhostname1=${member.hostname}\n`,
        );
      }
    },
  );
  if (!taken) throw new Error('glusterd did not come back as the lost node; its log says why');
  // The members send the volume definitions once they see their old friend back.
  await pollUntil(
    async () => (await deps.cli.findVolume(config.volumeName, { signal: deps.signal })) !== undefined,
    {
      what: `the definition of volume ${config.volumeName} from the other members`,
      intervalMs: 500,
      timeoutMs: 60_000,
      signal: deps.signal,
    },
  );
  // glusterd takes this node's own brick of a volume it received at run time for a new one
  // ("When destination brick is new", from reset-brick); read from its state at start, it is known.
  if (!(await deps.supervisor.restart('glusterd', 'to load the volume definition it received'))) {
    throw new Error('glusterd did not come back after loading the volume definition; its log says why');
  }
}

/** Refuses split-brain, then `reset-brick` start and commit force on this node's own brick. */
async function rebuildBrick(deps: TakeLostPlaceDeps, brick: string): Promise<void> {
  const { cli, config, logger, signal } = deps;
  const heal = await cli.healInfoSummary(config.volumeName, { signal }).catch((error: unknown) => {
    throw new Error(`reading the heal state before rebuilding ${brick} failed: ${describeError(error)}`);
  });
  const { splitBrain } = healTotals(heal);
  if (splitBrain > 0) {
    throw new Error(
      `${splitBrain} entries are in split-brain on the other bricks: rebuilding ${brick} from them would copy a guess. ` +
        'Resolve them first (docs/operations.md, "Split-brain"), then restart this container',
    );
  }
  await cli.resetBrick(config.volumeName, brick, 'start', { signal });
  // Just after the volume definition arrived, glusterd may not yet know the brick as this node's
  // own (it resolves brick hosts to UUIDs in the background) and calls it "new": ask again.
  let lastError: unknown;
  await pollUntil(
    async () => {
      try {
        await cli.resetBrick(config.volumeName, brick, 'commit', { signal });
        return true;
      } catch (error) {
        lastError = error;
        return { done: false, seen: describeError(error) };
      }
    },
    { what: `reset-brick commit of ${brick}`, intervalMs: 1_000, timeoutMs: 30_000, signal },
  ).catch(() => {
    const error = lastError;
    throw new Error(
      `putting brick ${brick} back failed: ${describeError(error)}. It is taken out (reset-brick start); ` +
        `finish by hand: gluster volume reset-brick ${config.volumeName} ${brick} ${brick} commit force`,
      { cause: error },
    );
  });
  logger.info(
    { brick },
    `brick ${brick} is back in volume ${config.volumeName}, empty; self-heal copies the data onto it`,
  );
}
