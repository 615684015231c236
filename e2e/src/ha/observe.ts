import { type ProbeReport, startProbes } from '../probes/probe-set.js';
import type { ScoreRecord } from '../probes/score-writer.js';
import type { SummaryRow } from '../report/summary-table.js';
import { type HaStack, WRITER_MOUNT } from './ha-stack.js';

/** The probes' report of a scenario and what the scenario itself returned. */
export interface Observed<T> {
  probes: ProbeReport;
  outcome: T;
}

/**
 * Runs `action` while the background probes measure the stack from outside, then stops them.
 * Every acknowledged score is added to `ledger` (scenario 6 checks them all), also when the
 * action fails, and the probes never outlive the action.
 */
export async function observe<T>(
  stack: HaStack,
  ledger: ScoreRecord[],
  action: () => Promise<T>,
): Promise<Observed<T>> {
  const probes = startProbes({
    pageUrl: () => stack.gameUrl('/'),
    assetUrl: () => stack.gameUrl('/game.js'),
    wsUrl: () => stack.wsUrl(),
    writer: { containerId: stack.writerClient.getId(), directory: `${WRITER_MOUNT}/scores` },
  });
  const result = await action().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const report = await probes.finish();
  ledger.push(...report.writer.acknowledged);
  if (!result.ok) throw result.error;
  return { probes: report, outcome: result.value };
}

/** A summary row from a scenario's probes: page + asset failures, their longest gap. */
export function summaryRow(
  scenario: string,
  probes: ProbeReport,
  recoveryMs: number | null,
  detail: Record<string, number | string | boolean> = {},
): SummaryRow {
  return {
    scenario,
    result: 'fail',
    failedRequests: probes.page.failed + probes.asset.failed,
    longestGapMs: Math.max(probes.page.longestGapMs, probes.asset.longestGapMs),
    recoveryMs: recoveryMs === null ? null : Math.round(recoveryMs),
    detail: {
      playerDisconnects: probes.player.failed,
      playerLongestGapMs: probes.player.longestGapMs,
      writerFailed: probes.writer.failed,
      writerAcknowledged: probes.writer.acknowledged.length,
      writerLongestGapMs: probes.writer.longestGapMs,
      ...detail,
    },
  };
}
