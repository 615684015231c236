import { formatSpread, spreadOf, type Unit } from './stats.js';

/** One line of a report table: what was measured, the figure, and the goal if it has one. */
export interface ReportRow {
  what: string;
  result: string;
  /** The goal as the issue states it ("<= 7 s"); absent for reference figures. */
  goal?: string;
  /** Whether the median met the goal; absent when there is no goal or nothing was measured. */
  met?: boolean;
}

/** One section of the report: a table, then notes on method. */
export interface ReportSection {
  title: string;
  rows: ReportRow[];
  /** How it was measured, and anything a reader needs to trust or doubt the figures. */
  notes: string[];
  /** Set when the section could not be measured in this run: the reason. */
  error?: string;
}

/** Why a measurement failed, in one line: some errors quote a container's whole output after it. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/[;:]\s*last output:?$/, '');
}

/** A section that could not be measured, with the reason and what it would have measured. */
export function unmeasuredSection(title: string, reason: string, notes: string[] = []): ReportSection {
  return { title, rows: [], notes, error: reason };
}

/** A goal of the issue: how it reads, and whether a median meets it. */
export interface Goal {
  text: string;
  met(median: number): boolean;
}

/** "<= limit" in the row's own unit (ms for times). */
export function atMost(limit: number, text: string): Goal {
  return { text, met: (median) => median <= limit };
}

/** ">= limit". */
export function atLeast(limit: number, text: string): Goal {
  return { text, met: (median) => median >= limit };
}

/** A row of repeated measurements: median, min, max, checked against the goal by its median. */
export function spreadRow(
  what: string,
  values: readonly (number | null)[],
  unit: Unit,
  goal?: Goal,
): ReportRow {
  // null or NaN: that run could not measure this figure (a missing log line, a failed scenario).
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (finite.length === 0) return { what, result: 'no measurement', ...(goal ? { goal: goal.text } : {}) };
  const spread = spreadOf(finite);
  return {
    what,
    result: formatSpread(spread, unit),
    ...(goal ? { goal: goal.text, met: goal.met(spread.median) } : {}),
  };
}
