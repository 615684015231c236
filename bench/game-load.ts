import { Bot } from '../packages/game-server/src/bench/bot.js';
import { seededRandom } from '../packages/game-server/src/bench/phase.js';

/**
 * Plays `players` headless bots (the game-server benchmark's) against `url` for `durationMs`,
 * then disconnects them; returns how many were welcomed. A load for the footprint figures.
 */
export async function playBots(url: string, players: number, durationMs: number): Promise<number> {
  const rand = seededRandom(12345);
  const bots = Array.from({ length: players }, (_, index) => new Bot(url, `bench${index}`, rand));
  try {
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    return bots.filter((bot) => bot.joined).length;
  } finally {
    for (const bot of bots) bot.close();
  }
}
