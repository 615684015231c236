/** The client-agent's own GAME_* variables: about installing and serving, not for the game. */
const AGENT_GAME_VARIABLES = new Set([
  'GAME_REPO',
  'GAME_RELEASES_KEEP',
  'GAME_SERVER_PORT',
  'GAME_INTERNAL_PORT',
]);

/** Besides GAME_*, the one variable the game server reads (its file I/O threads). */
const PASSED_VARIABLES = new Set(['UV_THREADPOOL_SIZE']);

/**
 * The variables of the container an operator sets for the game server (GAME_TICK_HZ,
 * GAME_ARENA_CAPACITY, GAME_MAX_CONNECTIONS, ...; packages/game-server/README.md). The game server
 * inherits nothing else from the agent: no credential or key path the agent was given reaches it.
 */
export function gameVariables(agentEnv: NodeJS.ProcessEnv): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(agentEnv)) {
    if (value === undefined) continue;
    const isGame = name.startsWith('GAME_') && !AGENT_GAME_VARIABLES.has(name);
    if (isGame || PASSED_VARIABLES.has(name)) passed[name] = value;
  }
  return passed;
}
