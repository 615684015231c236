import { pollUntil } from '../../deadline.js';
import { containerExits, dockerRestart } from '../../docker-state.js';
import type { ScoreRecord } from '../../probes/score-writer.js';
import { type HaStack, SERVERS, VOLUME } from '../ha-stack.js';
import { type Observed, observe } from '../observe.js';
import { waitPlayable } from '../playable.js';
import { GRACE_PERIOD_S, waitWhole } from '../server-faults.js';
import { isConverged, type NodeView, nodeView } from '../volume-health.js';

/** The containers a storm restarts: the stack's three (the writer's client is the probe, not the stack). */
const STACK_CONTAINERS = [...SERVERS, 'asteroids'] as const;
type StackContainer = (typeof STACK_CONTAINERS)[number];

/** What the restart storm measured. */
export interface StormOutcome {
  /** Seed of the shuffle, to replay the same order. */
  seed: number;
  /** Every restart, in order. */
  order: StackContainer[];
  /** Last restart done -> converged (peers, volume, bricks), playable, heal pending 0. */
  recoveryMs: number;
  /** What each server said once converged. */
  views: NodeView[];
  /**
   * Exit codes of the exits nobody asked for, per container: more exits than restarts during
   * the storm and its recovery (the stack has compose's restart policy, which would hide them).
   */
  unaskedExits: Partial<Record<StackContainer, number[]>>;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same storm. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every container once per round, each round in its own random order (Fisher-Yates). */
export function stormOrder(rounds: number, seed: number): StackContainer[] {
  const next = random(seed);
  const order: StackContainer[] = [];
  for (let round = 0; round < rounds; round++) {
    const shuffled = [...STACK_CONTAINERS];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as StackContainer, shuffled[i] as StackContainer];
    }
    order.push(...shuffled);
  }
  return order;
}

/**
 * Restarts gluster01, gluster02 and asteroids `rounds` times each in random order, back to back
 * (no waiting for readiness in between), then waits until the cluster converged (each server
 * lists one peer, in cluster and connected: no duplicate or rejected peers; volume started; both
 * bricks online), the game is playable and heal pending is 0.
 */
export async function restartStorm(
  stack: HaStack,
  ledger: ScoreRecord[],
  { rounds = 3, seed = Date.now() % 1_000_000, timeoutMs = 180_000 } = {},
): Promise<Observed<StormOutcome>> {
  const order = stormOrder(rounds, seed);
  const idOf = (name: StackContainer) => (name === 'asteroids' ? stack.asteroids.id : stack.serverId(name));
  return observe(stack, ledger, async () => {
    const stormStarted = Date.now();
    for (const name of order) {
      await dockerRestart(idOf(name), GRACE_PERIOD_S);
      if (name === 'asteroids') await stack.refreshPorts();
    }
    const calmed = performance.now();
    const nodes = SERVERS.map((alias) => stack.cluster.node(alias));
    const views = await pollUntil(
      async () => {
        const seen = await Promise.all(nodes.map((node) => nodeView(node, VOLUME)));
        return isConverged(seen, SERVERS.length) ? (seen as NodeView[]) : undefined;
      },
      { timeoutMs, intervalMs: 1_000, description: 'the cluster to converge after the restart storm' },
    );
    await waitPlayable(stack, timeoutMs);
    await waitWhole(stack, timeoutMs);
    const recoveryMs = performance.now() - calmed;
    const unaskedExits: StormOutcome['unaskedExits'] = {};
    for (const name of STACK_CONTAINERS) {
      const exits = await containerExits(idOf(name), stormStarted, Date.now());
      const asked = order.filter((restarted) => restarted === name).length;
      // Docker logs events in order: the asked-for exits are among them, whichever they are.
      if (exits.length > asked) unaskedExits[name] = exits.map(({ exitCode }) => exitCode);
    }
    return { seed, order, recoveryMs, views, unaskedExits };
  });
}
