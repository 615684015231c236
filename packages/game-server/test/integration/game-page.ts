import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GameDebug } from '../../src/client/game-debug.js';

/** Debian's chromium: playwright-core cannot download its own browsers on our machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Headless, no sandbox (root in a VM), nothing that reaches outside this machine. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Where browser tests keep their screenshots (gitignored, kept by CI as artifacts). */
const ARTIFACTS = fileURLToPath(new URL('../../../../.artifacts/', import.meta.url));

export type { GameDebug } from '../../src/client/game-debug.js';

/**
 * The one page method the browser tests need from both drivers: playwright-core (Chromium) and
 * puppeteer-core (Firefox over WebDriver BiDi) pages both have it.
 */
export interface EvaluatingPage {
  evaluate<T>(fn: () => T): Promise<T>;
}

/**
 * Browser-test support for the game client, shared by the game-server's browser tests and the
 * e2e suite's browser scenario.
 */

/** The page's latest `gameDebug`, or undefined before the first frame. */
export function readGameDebug(page: EvaluatingPage): Promise<GameDebug | undefined> {
  return page.evaluate(() => (globalThis as { gameDebug?: GameDebug }).gameDebug);
}

/** How far the camera (which follows the own ship) moved since `from`, in world units. */
export async function distanceFlown(page: EvaluatingPage, from: GameDebug): Promise<number> {
  const now = await readGameDebug(page);
  return now ? Math.hypot(now.x - from.x, now.y - from.y) : 0;
}

/** The path of a screenshot artifact, its directory created. */
export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** A fresh, empty browser profile directory: browsers would otherwise share state between runs. */
export function freshProfileDir(browser: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${browser}-profile-`));
}
