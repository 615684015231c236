/** What every section of the run gets: repetitions and a progress line printer. */
export interface SectionContext {
  /** Repetitions of each figure (BENCH_RUNS). */
  runs: number;
  /** Prints one progress line (to stderr; the report is the output). */
  log(message: string): void;
}
