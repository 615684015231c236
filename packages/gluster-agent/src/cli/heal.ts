import { type CliEnvelope, childOf, childrenOf, intOf, textOf } from './xml.js';

/** One brick of `volume heal VOL info summary`. */
export interface HealBrickSummary {
  /** 'host:/path'. */
  name: string;
  /** The self-heal daemon could read this brick's index ('Connected'). */
  connected: boolean;
  /** Raw `<status>`; for an unreachable brick gluster 11 prints a glued message (see fixtures). */
  status: string;
  /** Entries needing heal; 0 when unknown (disconnected). */
  pending: number;
  splitBrain: number;
  healing: number;
  total: number;
}

export interface HealSummary {
  bricks: HealBrickSummary[];
}

/**
 * Reads `volume heal VOL info summary`. Note that in gluster 11 `<healInfo>` comes before
 * `<opRet>`, and a disconnected brick has only `<name>` and a `<status>` like
 * 'Failed to process entries completely. (Transport endpoint is not connected)totalNumberOfEntries0'.
 */
export function parseHealSummary(envelope: CliEnvelope): HealSummary {
  const bricks = childrenOf(childOf(childOf(envelope.root, 'healInfo'), 'bricks'), 'brick');
  return {
    bricks: bricks.map((brick) => {
      const status = textOf(brick.status);
      return {
        name: textOf(brick.name),
        connected: status === 'Connected',
        status,
        pending: intOf(brick, 'numberOfEntriesInHealPending', 0),
        splitBrain: intOf(brick, 'numberOfEntriesInSplitBrain', 0),
        healing: intOf(brick, 'numberOfEntriesPossiblyHealing', 0),
        total: intOf(brick, 'totalNumberOfEntries', 0),
      };
    }),
  };
}

/** Totals over all bricks, for health and metrics. */
export function healTotals(summary: HealSummary): {
  pending: number;
  splitBrain: number;
  healing: number;
  disconnected: number;
} {
  let pending = 0;
  let splitBrain = 0;
  let healing = 0;
  let disconnected = 0;
  for (const brick of summary.bricks) {
    pending += brick.pending;
    splitBrain += brick.splitBrain;
    healing += brick.healing;
    if (!brick.connected) disconnected += 1;
  }
  return { pending, splitBrain, healing, disconnected };
}
