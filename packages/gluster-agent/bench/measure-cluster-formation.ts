import { execa } from 'execa';
import type { StartedTestContainer } from 'testcontainers';
import { pollUntil } from '../../../e2e/src/deadline.js';
import { glusterXmlOk } from '../../../e2e/src/gluster-cli.js';
import { type GlusterCluster, startGlusterCluster } from '../../../e2e/src/gluster-cluster.js';
import { healthUrl } from '../../../e2e/src/gluster-node.js';
import { parseVolumeInfo } from '../../../e2e/src/gluster-xml.js';
import { httpGet } from '../../../e2e/src/http-probe.js';
import { type NodeTimeline, nodeTimeline, optionsLoggedAsSet } from './formation-timeline.js';

/** How long one formation may take before the run counts as not formed. */
export const FORMATION_TIMEOUT_MS = 180_000;
const VOLUME = 'ranchervol';
const ALIASES = ['gluster01', 'gluster02'] as const;
/**
 * /readyz answers from the agent's memory (no gluster call), so polling it often costs the nodes
 * nothing, unlike a `volume status` inside a node, which takes glusterd's volume lock and makes
 * the agents' own create/start/set fail with "another transaction is in progress".
 */
const READY_POLL_MS = 25;

/** One fresh cluster's timings, epoch ms where not said otherwise. */
export interface ClusterFormationRun {
  /**
   * Both containers started (the later StartedAt) -> both nodes answer /readyz 200 (volume
   * Started, the node's own brick online) and the HA options are applied (the agent's last
   * "set" line; verified with `volume info`).
   */
  formationMs: number;
  /** Per node: container start -> the agent's "glusterd answers the CLI" line. */
  glusterdAnswerMs: number[];
  /** The later of the two StartedAt: zero of the timelines. */
  bothStartedAt: number;
  /** Per node (gluster01, gluster02): its StartedAt, the steps from its log, its first /readyz 200. */
  nodes: { alias: string; startedAt: number; timeline: NodeTimeline; readyAt: number }[];
}

/** Options of {@link measureClusterFormation}. */
export interface ClusterFormationOptions {
  /** Image tag of both nodes; the working tree's build (gluster-server:dev) by default. */
  image?: string;
}

/** The engine's start time of a container, in epoch ms. */
async function startedAt(id: string): Promise<number> {
  const { stdout } = await execa('docker', ['inspect', '--format', '{{.State.StartedAt}}', id]);
  return Date.parse(stdout.trim());
}

/**
 * The container output once its agent has logged the end of its bootstrap ("... is started and
 * configured"): readiness can come first, while options are still being set.
 */
function bootstrapOutput(id: string, alias: string): Promise<string> {
  return pollUntil(
    async () => {
      const { all = '' } = await execa('docker', ['logs', id], { all: true });
      return nodeTimeline(all).configured === undefined ? undefined : all;
    },
    { timeoutMs: FORMATION_TIMEOUT_MS, intervalMs: 250, description: `${alias} to end its bootstrap` },
  );
}

/** When `node` first answers /readyz 200, in epoch ms. */
function readyAt(node: StartedTestContainer, alias: string): Promise<number> {
  const url = healthUrl(node, '/readyz');
  return pollUntil(
    async () => {
      const { status } = await httpGet(url);
      return status === 200 ? Date.now() : undefined;
    },
    { timeoutMs: FORMATION_TIMEOUT_MS, intervalMs: READY_POLL_MS, description: `${alias} /readyz 200` },
  );
}

/**
 * Waits until `volume info` (lock-free in glusterd) shows every option the agents logged as set:
 * the log's times are only trusted once glusterd confirms what they claim.
 */
async function waitForOptions(node: StartedTestContainer, wanted: Record<string, string>): Promise<void> {
  if (Object.keys(wanted).length === 0) throw new Error('no agent logged a volume option as set');
  await pollUntil(
    async () => {
      const [volume] = parseVolumeInfo(await glusterXmlOk(node, ['volume', 'info', VOLUME]));
      return Object.entries(wanted).every(([key, value]) => volume?.options[key] === value)
        ? true
        : undefined;
    },
    { timeoutMs: FORMATION_TIMEOUT_MS, intervalMs: 100, description: `${VOLUME} to carry the options set` },
  );
}

/**
 * Forms one 2-node replica-2 cluster (gluster01 waits, gluster02 joins it, started together) on a
 * fresh network with fresh anonymous volumes, measures it (see ClusterFormationRun) and removes
 * everything again.
 */
export async function measureClusterFormation(
  options: ClusterFormationOptions = {},
): Promise<ClusterFormationRun> {
  let cluster: GlusterCluster | undefined;
  try {
    cluster = await startGlusterCluster({
      waitReady: false,
      ...(options.image ? { image: options.image } : {}),
      nodes: [{ alias: 'gluster01' }, { alias: 'gluster02', env: { GLUSTER_PEER: 'gluster01' } }],
    });
    const started = cluster;
    const ready = await Promise.all(ALIASES.map((alias) => readyAt(started.node(alias), alias)));
    const nodes = await Promise.all(
      ALIASES.map(async (alias, index) => {
        const id = started.node(alias).getId();
        const [start, output] = await Promise.all([startedAt(id), bootstrapOutput(id, alias)]);
        return { alias, startedAt: start, output, readyAt: ready[index] as number };
      }),
    );
    const logged = Object.assign({}, ...nodes.map((node) => optionsLoggedAsSet(node.output)));
    await waitForOptions(started.node('gluster01'), logged);
    const bothStartedAt = Math.max(...nodes.map((node) => node.startedAt));
    const timed = nodes.map(({ output, ...node }) => ({ ...node, timeline: nodeTimeline(output) }));
    const formedAt = Math.max(
      ...timed.map((node) => node.readyAt),
      ...timed.map((node) => node.timeline.options ?? 0),
    );
    return {
      formationMs: formedAt - bothStartedAt,
      glusterdAnswerMs: timed.map((node) => (node.timeline.cli ?? Number.NaN) - node.startedAt),
      bothStartedAt,
      nodes: timed,
    };
  } finally {
    await cluster?.stop();
  }
}
