import { execa } from 'execa';
import { Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { type GlusterNodeSpec, healthUrl, type RestartPolicy, startGlusterNode } from './gluster-node.js';
import { waitForHttpStatus } from './http-probe.js';
import { ensureTestStackCa } from './stack-ca.js';

/** Options of `startGlusterCluster`. */
export interface GlusterClusterOptions {
  /** The nodes, started together; their aliases must be unique. */
  nodes: readonly GlusterNodeSpec[];
  /** Image tag; the working tree's build by default. */
  image?: string;
  /** Wait for /readyz 200 on every node (default true) for at most `readyTimeoutMs`. */
  waitReady?: boolean;
  /** Deadline of the readiness wait; generous, the engine is shared (default 120 s). */
  readyTimeoutMs?: number;
  /** Docker's restart policy of every node (default 'no'). */
  restartPolicy?: RestartPolicy;
}

/** A running cluster on its own network; `stop()` removes containers, their volumes, the network. */
export interface GlusterCluster {
  network: StartedNetwork;
  /** Started nodes by alias. */
  nodes: Map<string, StartedTestContainer>;
  /** The node with this alias; throws for an unknown alias. */
  node(alias: string): StartedTestContainer;
  /** Starts one more node on the cluster's network and tracks it for `stop()`. */
  add(spec: GlusterNodeSpec): Promise<StartedTestContainer>;
  /** Waits for /readyz 200 on every node (or the given ones). */
  waitReady(aliases?: readonly string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Creates an isolated user-defined network for one suite. */
export async function startNetwork(): Promise<StartedNetwork> {
  return new Network().start();
}

/** Force-removes a container with its anonymous volumes; a container already gone is fine. */
export async function removeContainer(id: string): Promise<void> {
  await execa('docker', ['rm', '--force', '--volumes', id], { reject: false, timeout: 60_000 });
}

/** Waits until every given node answers /readyz 200, in parallel, each within `timeoutMs`. */
export async function waitAllReady(nodes: Iterable<StartedTestContainer>, timeoutMs: number): Promise<void> {
  await Promise.all([...nodes].map((node) => waitForHttpStatus(healthUrl(node, '/readyz'), 200, timeoutMs)));
}

/**
 * Starts the given gluster nodes at the same moment on a fresh network (aliases gluster01.. by
 * convention, each with GLUSTER_NODE_ADDRESS=<alias>) and, by default, waits until all are ready.
 * On any failure everything started so far is removed before the error is rethrown.
 */
export async function startGlusterCluster(options: GlusterClusterOptions): Promise<GlusterCluster> {
  // Benchmarks start clusters without the tests' global setup: the CA the nodes mount must exist.
  await ensureTestStackCa();
  const network = await startNetwork();
  const nodes = new Map<string, StartedTestContainer>();
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const cluster: GlusterCluster = {
    network,
    nodes,
    node(alias) {
      const node = nodes.get(alias);
      if (!node) throw new Error(`no node ${alias} in this cluster (have ${[...nodes.keys()].join(', ')})`);
      return node;
    },
    async add(spec) {
      const node = await startGlusterNode(spec, {
        network,
        image: options.image,
        restartPolicy: options.restartPolicy,
      });
      nodes.set(spec.alias, node);
      return node;
    },
    async waitReady(aliases, timeoutMs = readyTimeoutMs) {
      const selected = aliases ? aliases.map((alias) => cluster.node(alias)) : nodes.values();
      await waitAllReady(selected, timeoutMs);
    },
    async stop() {
      await Promise.all([...nodes.values()].map((node) => removeContainer(node.getId())));
      nodes.clear();
      await network.stop();
    },
  };
  try {
    const started = await Promise.allSettled(options.nodes.map((spec) => cluster.add(spec)));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (options.waitReady ?? true) await cluster.waitReady();
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
