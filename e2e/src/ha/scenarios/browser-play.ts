import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  type GameDebug,
  readGameDebug,
} from '../../../../packages/game-server/test/integration/game-page.js';

/** What a real browser saw while playing. */
export interface BrowserPlayOutcome {
  /** The page's connection badge: 'open' once the WebSocket is up. */
  connection: string;
  /** This player's id in the game, once welcomed. */
  playerId: number | undefined;
  ships: number;
  asteroids: number;
  /** Distance the ship flew while thrust was held. */
  flewPx: number;
  /** Canvas pixels that are not the background: the game was drawn, not just a blank page. */
  paintedPixels: number;
  /** The name typed in is on the scoreboard HUD. */
  scoreboardShowsPilot: boolean;
  pageErrors: string[];
  screenshot: string;
}

/**
 * Plays the game served at `url` in headless Debian chromium through playwright-core: join,
 * fly and shoot for a few seconds, read what was drawn, and keep a screenshot at `screenshot`.
 */
export async function playInBrowser(
  url: string,
  screenshot: string,
  pilot = 'HA pilot',
): Promise<BrowserPlayOutcome> {
  const home = await mkdtemp(join(tmpdir(), 'ha-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    // A fresh profile per run, as chromium would otherwise keep state between runs.
    env: { ...process.env, HOME: home },
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(20_000);
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open');
    await page.fill('#name', pilot);
    await page.click('#play');
    await page.waitForFunction(() => {
      const debug = (globalThis as { gameDebug?: GameDebug }).gameDebug;
      return debug?.me !== undefined && debug.asteroids > 0;
    });
    const start = await readGameDebug(page);
    await page.keyboard.down('ArrowUp');
    await page.keyboard.down('Space');
    await page.waitForTimeout(2_000);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.up('Space');
    const end = await readGameDebug(page);
    await page.waitForFunction(
      (name) => document.getElementById('scores')?.textContent?.includes(name),
      pilot,
    );
    const paintedPixels = await page.evaluate(() => {
      const canvas = document.getElementById('game') as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? {
        data: [],
      };
      const [r0, g0, b0] = [data[0], data[1], data[2]];
      let painted = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0) painted++;
      return painted;
    });
    await mkdir(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    return {
      connection: await page.evaluate(() => document.getElementById('status')?.dataset.state ?? ''),
      playerId: end?.me,
      ships: end?.ships ?? 0,
      asteroids: end?.asteroids ?? 0,
      flewPx: start && end ? Math.round(Math.hypot(end.x - start.x, end.y - start.y)) : 0,
      paintedPixels,
      scoreboardShowsPilot: (await page.locator('#scores').textContent())?.includes(pilot) ?? false,
      pageErrors,
      screenshot,
    };
  } finally {
    await browser.close();
    await rm(home, { recursive: true, force: true });
  }
}
