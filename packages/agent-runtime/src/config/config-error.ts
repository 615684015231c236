import { GaError, RuntimeErrorCodes } from '../errors.js';

/** One invalid input: which variable, what it held, what is allowed, and an example. */
export interface ConfigProblem {
  variable: string;
  /** The raw value as given, or undefined when the variable is unset. */
  value: string | undefined;
  /** What is wrong and what is allowed, as a sentence fragment. */
  message: string;
  example?: string;
}

function formatProblem(problem: ConfigProblem): string {
  const value = problem.value === undefined ? 'unset' : `"${problem.value}"`;
  const example = problem.example ? ` Example: ${problem.variable}=${problem.example}` : '';
  return `  - ${problem.variable} (${value}): ${problem.message}.${example}`;
}

/**
 * Every configuration problem found at start-up, reported together so an operator fixes them in
 * one round instead of one restart per typo.
 */
export class ConfigError extends GaError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      RuntimeErrorCodes.CONFIG_INVALID,
      `Invalid configuration (${count}); fix the environment variables below and start again:\n` +
        problems.map(formatProblem).join('\n'),
    );
    this.problems = problems;
  }
}
