import { setTimeout as delay } from 'node:timers/promises';
import { pollUntil } from '../deadline.js';
import { joinGame } from '../game-socket.js';
import { timedGet } from '../http-gap-probe.js';
import type { HaStack } from './ha-stack.js';

/**
 * Why a new player could not play now (the page or game.js did not answer 200, or no welcome
 * came on /ws within `timeoutMs`), or undefined when they could.
 */
export async function playabilityProblem(stack: HaStack, timeoutMs = 3_000): Promise<string | undefined> {
  const [page, asset] = await Promise.all([
    timedGet(stack.gameUrl('/'), timeoutMs),
    timedGet(stack.gameUrl('/game.js'), timeoutMs),
  ]);
  for (const [what, sample] of [
    ['the page', page],
    ['game.js', asset],
  ] as const) {
    if (sample.status !== 200)
      return `${what} answered ${sample.status || sample.error} after ${Math.round(sample.durationMs)} ms`;
  }
  return joinGame(stack.wsUrl(), 'ha-check', 'welcome', timeoutMs).then(
    () => undefined,
    (error: unknown) => `no welcome on /ws: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * Whether a new player gets in within `withinMs`, trying again every 500 ms: undefined when one
 * did, else the last problem seen. One try alone would judge a whole fault by one request that
 * met a busy moment of a 2-core machine.
 */
export async function playableWithin(stack: HaStack, withinMs: number): Promise<string | undefined> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const problem = await playabilityProblem(stack);
    if (problem === undefined || performance.now() >= deadline) return problem;
    await delay(500);
  }
}

/** Waits until the game is playable (page, game.js, a welcome); returns how long it took in ms. */
export async function waitPlayable(stack: HaStack, timeoutMs: number): Promise<number> {
  const started = performance.now();
  await pollUntil(async () => ((await playabilityProblem(stack)) === undefined ? true : undefined), {
    timeoutMs,
    intervalMs: 100,
    description: 'the game to be playable (page, game.js, a welcome on /ws)',
  });
  return performance.now() - started;
}
