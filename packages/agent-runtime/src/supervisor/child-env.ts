import type { ProgramSpec } from './types.js';

/** Debian's PATH for a program that inherits nothing while the agent has none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The HOME of a program user that does not name one: Debian's "no home directory". */
export const NO_HOME = '/nonexistent';

/** What the spawner is given: the variables and whether the agent's own are added under them. */
export interface ChildEnv {
  env: Record<string, string>;
  /** True: the agent's environment, then `env` on top (execa's extendEnv). */
  extendEnv: boolean;
}

/**
 * The environment a program starts with. Inheriting (the default), the agent's variables plus the
 * spec's; otherwise only PATH and the spec's. A program with a `user` always gets that user's
 * HOME (not root's /root) and, when it has a name, USER and LOGNAME, unless the spec sets them.
 */
export function childEnv(
  spec: Pick<ProgramSpec, 'env' | 'inheritEnv' | 'user'>,
  agentEnv: NodeJS.ProcessEnv = process.env,
): ChildEnv {
  const user = spec.user;
  const identity: Record<string, string> = {
    ...(user ? { HOME: user.home ?? NO_HOME } : {}),
    ...(user?.name ? { USER: user.name, LOGNAME: user.name } : {}),
  };
  if (spec.inheritEnv ?? true) return { env: { ...identity, ...spec.env }, extendEnv: true };
  return {
    env: { PATH: agentEnv.PATH || DEFAULT_PATH, ...identity, ...spec.env },
    extendEnv: false,
  };
}
