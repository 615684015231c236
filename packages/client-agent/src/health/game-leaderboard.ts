import { describeError, httpGet } from '@gluster-asteroids/agent-runtime';

/** What the game server says of its leaderboard, for the agent's /status. */
export type GameLeaderboardView =
  | ({ readonly state: 'read' } & Readonly<Record<string, unknown>>)
  | { readonly state: 'unavailable'; readonly error: string };

/**
 * The `leaderboard` part of the game server's own /healthz (how many scores wait in its memory,
 * whether it can save and why not), read at /status time over loopback with a short deadline:
 * the game server keeps those figures in memory, so this does no I/O on the volume.
 */
export async function readGameLeaderboard(port: number, timeoutMs = 1_000): Promise<GameLeaderboardView> {
  try {
    const answer = await httpGet(`http://127.0.0.1:${port}/healthz`, { timeoutMs });
    const body = JSON.parse(answer.body) as { leaderboard?: Record<string, unknown> };
    if (typeof body.leaderboard !== 'object' || body.leaderboard === null)
      return {
        state: 'unavailable',
        error: `the game server's /healthz (HTTP ${answer.status}) has no leaderboard`,
      };
    return { state: 'read', ...body.leaderboard };
  } catch (error) {
    return { state: 'unavailable', error: describeError(error) };
  }
}
