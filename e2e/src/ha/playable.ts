import { pollUntil } from '../deadline.js';
import { joinGame } from '../game-socket.js';
import { timedGet } from '../http-gap-probe.js';
import type { HaStack } from './ha-stack.js';

/** Playable: the page and game.js answer 200 and a new player is welcomed into the game. */
export async function isPlayable(stack: HaStack, timeoutMs = 3_000): Promise<boolean> {
  const [page, asset] = await Promise.all([
    timedGet(stack.gameUrl('/'), timeoutMs),
    timedGet(stack.gameUrl('/game.js'), timeoutMs),
  ]);
  if (page.status !== 200 || asset.status !== 200) return false;
  return joinGame(stack.wsUrl(), 'ha-check', 'welcome', timeoutMs).then(
    () => true,
    () => false,
  );
}

/** Waits until the game is playable; returns how long it took in ms. */
export async function waitPlayable(stack: HaStack, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await pollUntil(async () => ((await isPlayable(stack)) ? true : undefined), {
    timeoutMs,
    intervalMs: 100,
    description: 'the game to be playable (page, game.js, a welcome on /ws)',
  });
  return performance.now() - started;
}
