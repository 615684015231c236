import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/src/images.js';
import type { SummaryRow } from '../e2e/src/report/summary-table.js';
import type { ReportRow } from './report-model.js';
import { formatValue } from './stats.js';

/** Where the e2e HA suite (`e2e/ha`) writes its summary. */
export const E2E_SUMMARY_JSON = join(REPO_ROOT, 'dist/reports/e2e-summary.json');

function seconds(ms: number | null): string {
  return ms === null ? '-' : formatValue(ms, 's');
}

/**
 * The last e2e HA suite's summary as report rows, labelled with when it was written: figures a
 * benchmark run could not measure itself, clearly not from this run. Undefined when absent.
 */
export async function e2eSummaryRows(path = E2E_SUMMARY_JSON): Promise<ReportRow[] | undefined> {
  const written = await stat(path).catch(() => undefined);
  if (!written) return undefined;
  const rows = JSON.parse(await readFile(path, 'utf8')) as SummaryRow[];
  const when = written.mtime.toISOString().slice(0, 16).replace('T', ' ');
  return rows.map((row) => ({
    what: `${row.scenario} (e2e HA suite, ${when} UTC, not this run)`,
    result:
      `${row.result}; failed requests ${row.failedRequests ?? '-'}, longest gap ${seconds(row.longestGapMs)}, ` +
      `recovery ${seconds(row.recoveryMs)}`,
  }));
}
