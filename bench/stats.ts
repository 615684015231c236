/** Median, min and max of repeated measurements: every figure of the benchmark report is one. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many measurements. */
  n: number;
}

/**
 * The spread of `values` (the median of an even count is the mean of the middle two). Throws on
 * an empty list: a figure without measurements is a bug in the benchmark, not a zero.
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no measurements');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, n: sorted.length };
}

/** `value` formatted by `unit`: milliseconds as seconds, or a plain number with the unit after it. */
export type Unit = 's' | 'ms' | 'req/s' | 'files/s' | 'MB' | 'KB/s' | 'x' | '';

/** One number with its unit, as the report prints it (milliseconds in, seconds out for 's'). */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 's':
      return `${(value / 1000).toFixed(2)} s`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
    case 'req/s':
    case 'files/s':
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
    case 'x':
      return `${value.toFixed(2)}x`;
    case '':
      return value.toFixed(0);
    default:
      return `${value.toFixed(1)} ${unit}`;
  }
}

/** "median 2.76 s, min 2.58 s, max 3.13 s (n=5)". */
export function formatSpread(spread: Spread, unit: Unit): string {
  const f = (value: number) => formatValue(value, unit);
  if (spread.n === 1) return `${f(spread.median)} (n=1)`;
  return `median ${f(spread.median)}, min ${f(spread.min)}, max ${f(spread.max)} (n=${spread.n})`;
}
