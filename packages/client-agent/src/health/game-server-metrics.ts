import { describeError, httpGet, liveGauge } from '@gluster-asteroids/agent-runtime';
import type { Registry } from 'prom-client';

/** Reads the game server's own /metrics text (injected: tests serve a fixed text). */
export type GameMetricsReader = () => Promise<string>;

/** The game server's /metrics over loopback (GAME_INTERNAL_PORT), with a short deadline. */
export function gameMetricsOver(port: number, timeoutMs = 1_000): GameMetricsReader {
  return async () => {
    const answer = await httpGet(`http://127.0.0.1:${port}/metrics`, { timeoutMs });
    if (answer.status !== 200) throw new Error(`the game server's /metrics answered HTTP ${answer.status}`);
    return answer.body;
  };
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/**
 * The game server's metrics as the agent shows them: its `game_*` families as they are, every
 * other family (its process and node metrics, which the agent has too) renamed `game_server_*`,
 * so no name is exposed twice.
 */
export function renameGameFamilies(text: string): string {
  const rename = (name: string) => (name.startsWith('game_') ? name : `game_server_${name}`);
  return text
    .split('\n')
    .map((line) => {
      const comment = /^# (HELP|TYPE) (\S+)(.*)$/.exec(line);
      if (comment) return `# ${comment[1]} ${rename(comment[2] ?? '')}${comment[3]}`;
      if (line.startsWith('#')) return line;
      return line.replace(NAME, (name) => rename(name));
    })
    .join('\n');
}

/**
 * The agent's /metrics carries the game server's: the game listens on loopback only, so this is
 * the one place they are scraped from (HEALTH_PORT, never published by compose). Each scrape of
 * the agent reads the game server's /metrics (1 s deadline) and appends it, renamed as above;
 * `asteroids_game_metrics_up` says whether that read worked. The health server takes one
 * registry, so its `metrics()` is wrapped here rather than a second endpoint added.
 */
export function appendGameServerMetrics(registry: Registry, read: GameMetricsReader): void {
  let up = false;
  liveGauge(
    registry,
    'asteroids_game_metrics_up',
    "The game server's own metrics were read for this scrape (1) and follow, or not (0).",
    [],
    (g) => g.set(up ? 1 : 0),
  );
  const own = registry.metrics.bind(registry);
  registry.metrics = async () => {
    let game = '';
    try {
      game = renameGameFamilies(await read());
      up = true;
    } catch (error) {
      up = false;
      game = `# game server metrics unavailable: ${describeError(error).replace(/\n/g, ' ')}\n`;
    }
    const mine = await own();
    return `${mine}\n${game}`;
  };
}
