/** A round is played, then paused to show its scoreboard, then the next round starts. */
export type RoundPhase = 'playing' | 'intermission';

export type RoundChange = 'round-ended' | 'round-started' | undefined;

/** Counts ticks through the round cycle; pure so tests can drive it tick by tick. */
export class RoundClock {
  phase: RoundPhase = 'playing';
  round = 1;
  phaseEndsAt: number;

  constructor(
    private readonly roundTicks: number,
    private readonly intermissionTicks: number,
    startTick: number,
  ) {
    this.phaseEndsAt = startTick + roundTicks;
  }

  /** Moves to the next phase when the current one is over and says what happened. */
  advance(tick: number): RoundChange {
    if (tick < this.phaseEndsAt) return undefined;
    if (this.phase === 'playing') {
      this.phase = 'intermission';
      this.phaseEndsAt = tick + this.intermissionTicks;
      return 'round-ended';
    }
    this.phase = 'playing';
    this.round += 1;
    this.phaseEndsAt = tick + this.roundTicks;
    return 'round-started';
  }
}
