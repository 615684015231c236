import { type CleanedEnv, cleanEnv, type ValidatorSpec } from 'envalid';
import { ConfigError, type ConfigProblem } from './config-error.js';

/** A declared set of environment variables: name -> envalid validator spec. */
// biome-ignore lint/suspicious/noExplicitAny: envalid's own spec map type; values stay typed.
export type EnvSpecs = Record<string, ValidatorSpec<any>>;

/** The parsed, typed, frozen values of an {@link EnvSpecs}. */
export type ParsedEnv<S extends EnvSpecs> = Omit<
  CleanedEnv<S>,
  'isDev' | 'isDevelopment' | 'isProd' | 'isProduction' | 'isTest'
>;

/**
 * Placeholders that mean "not set". The seed's images shipped `GLUSTER_PEER=**ChangeMe**`, and
 * container UIs often keep a variable with an empty value: both mean the default applies.
 */
const UNSET_PLACEHOLDERS = new Set(['', '**ChangeMe**']);

function withoutPlaceholders(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && !UNSET_PLACEHOLDERS.has(value.trim())) result[name] = value;
  }
  return result;
}

/**
 * Parses `env` against `specs` once, at start-up. Returns frozen typed values, or throws one
 * ConfigError listing every invalid or missing variable with its value and an example.
 */
export function parseEnv<S extends EnvSpecs>(specs: S, env: NodeJS.ProcessEnv = process.env): ParsedEnv<S> {
  const names = Object.keys(specs);
  const input = withoutPlaceholders(env, names);
  const problems: ConfigProblem[] = [];
  const cleaned = cleanEnv(input, specs, {
    reporter: ({ errors }) => {
      for (const [variable, error] of Object.entries(errors)) {
        if (!error) continue;
        const spec = specs[variable];
        const missing = input[variable] === undefined;
        problems.push({
          variable,
          value: env[variable],
          message: missing ? `is required${spec?.desc ? ` (${spec.desc})` : ''}` : error.message,
          ...(spec?.example ? { example: spec.example } : {}),
        });
      }
    },
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const values: Record<string, unknown> = {};
  for (const name of names) values[name] = (cleaned as Record<string, unknown>)[name];
  return Object.freeze(values) as ParsedEnv<S>;
}

/**
 * Collects cross-variable problems (checked after parseEnv) and throws them together.
 * Use: `const problems = new ProblemList(); problems.add(...); problems.throwIfAny();`
 */
export class ProblemList {
  private readonly problems: ConfigProblem[] = [];

  add(problem: ConfigProblem): void {
    this.problems.push(problem);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
