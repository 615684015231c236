/**
 * How long a problem that may still clear up by itself is only waited on before it is reported.
 * A node whose peers sync the volume definition back to it sees, for a second or two after they
 * connect, a stamped brick and no volume: the same picture as a node that lost its state for good.
 */
export const PROBLEM_GRACE_MS = 10_000;

/** Remembers since when each kind of problem has been seen without a break, across rounds. */
export class ProblemGrace {
  private readonly since = new Map<string, number>();

  constructor(
    private readonly graceMs = PROBLEM_GRACE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `code` is seen now; true once it has been seen for the whole grace period. */
  lasted(code: string): boolean {
    const first = this.since.get(code) ?? this.now();
    this.since.set(code, first);
    return this.now() - first >= this.graceMs;
  }

  /** Every problem not seen in this look is gone: its grace starts again next time. */
  keepOnly(codes: readonly string[]): void {
    for (const code of this.since.keys()) if (!codes.includes(code)) this.since.delete(code);
  }
}
