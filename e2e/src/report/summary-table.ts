import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One row of the HA summary; times in ms so the benchmark report can reuse the JSON as is. */
export interface SummaryRow {
  scenario: string;
  result: 'pass' | 'fail';
  /** Page and asset requests without a 2xx/3xx answer; null: the scenario failed before measuring. */
  failedRequests: number | null;
  /** Longest time without a successful page or asset answer; null: not measured. */
  longestGapMs: number | null;
  /** Time from the repair (start, unpause, reconnect) until the stack is whole again; null: not measured. */
  recoveryMs: number | null;
  /** Other figures of the scenario (player, writer, 503 timings...), for the report. */
  detail?: Record<string, number | string | boolean>;
}

function seconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`;
}

/** The rows as a markdown table: scenario | result | failed requests | longest gap | recovery time. */
export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  const lines = [
    '| scenario | result | failed requests | longest gap | recovery time |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.result} | ${row.failedRequests ?? '-'} | ${seconds(row.longestGapMs)} | ${seconds(row.recoveryMs)} |`,
    ),
  ];
  return lines.join('\n');
}

/** Writes the rows as a JSON array to `path`, creating its directory. */
export async function writeSummaryJson(rows: readonly SummaryRow[], path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(rows, null, 2)}\n`);
}
