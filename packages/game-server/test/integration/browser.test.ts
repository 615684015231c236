import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import type { GameServer } from '../../src/server/app.js';
import {
  artifactPath,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  distanceFlown,
  freshProfileDir,
  type GameDebug,
  readGameDebug,
} from './game-page.js';
import { startServer, TestClient } from './harness.js';

let server: GameServer;
let port: number;
let browser: Browser;
let clientDir: string;

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'game-browser-'));
  const bundle = await buildBundle(join(work, 'bundle'));
  clientDir = join(bundle, 'client');
  ({ server, port } = await startServer({ GAME_STATIC_DIR: clientDir }));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    // A fresh profile per run, as chromium would otherwise share state between test runs.
    env: { ...process.env, HOME: await freshProfileDir('chromium') },
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop(2000);
});

/** Opens the game, enters `name`, joins, and waits until the own ship and asteroids are drawn. */
async function joinAs(page: Page, name: string): Promise<GameDebug> {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open');
  await page.fill('#name', name);
  await page.click('#play');
  await expect.poll(async () => (await readGameDebug(page))?.me).toBeDefined();
  await expect.poll(async () => (await readGameDebug(page))?.asteroids ?? 0).toBeGreaterThan(0);
  const start = await readGameDebug(page);
  expect(start?.ships).toBeGreaterThanOrEqual(1);
  return start as GameDebug;
}

describe('the game in Chromium', () => {
  it('lets a player join, fly, shoot, see asteroids and the leaderboard, and rejoin after a server restart', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const start = await joinAs(page, '<b>Ace</b>');
    await page.keyboard.down('ArrowUp');
    await page.keyboard.down('Space');
    await expect.poll(() => distanceFlown(page, start), { timeout: 10_000 }).toBeGreaterThan(30);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.up('Space');
    // The key presses unlocked audio: the own shots were heard.
    await expect.poll(async () => (await readGameDebug(page))?.sounds.shot ?? 0).toBeGreaterThan(0);
    // The name is shown as text in the scoreboard, never interpreted as markup.
    await expect.poll(() => page.locator('#scores').textContent()).toContain('<b>Ace</b>');
    expect(await page.locator('#scores b').count()).toBe(0);
    await page.screenshot({ path: await artifactPath('game-server-browser.png') });

    // M mutes (and the button says so): shots fired meanwhile are cued but make no sound, until
    // the button unmutes again.
    await page.keyboard.press('KeyM');
    await expect.poll(() => page.locator('#sound').textContent()).toBe('Sound off');
    const beforeMuted = (await readGameDebug(page)) as GameDebug;
    await page.keyboard.down('Space');
    await expect
      .poll(async () => (await readGameDebug(page))?.cued.shot ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(beforeMuted.cued.shot);
    await page.keyboard.up('Space');
    expect((await readGameDebug(page))?.sounds.shot).toBe(beforeMuted.sounds.shot);
    await page.click('#sound');
    await expect.poll(async () => (await readGameDebug(page))?.muted).toBe(false);
    await page.keyboard.down('Space');
    await expect
      .poll(async () => (await readGameDebug(page))?.sounds.shot ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(beforeMuted.sounds.shot);
    await page.keyboard.up('Space');

    // The all-time leaderboard opens with L.
    await page.keyboard.press('KeyL');
    await expect.poll(() => page.locator('#leaderboard').isVisible()).toBe(true);
    await page.keyboard.press('KeyL');

    // The server restarts on the same port: the page notices, reconnects and rejoins by itself.
    expect((await readGameDebug(page))?.welcomes).toBe(1);
    await server.stop(2000);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'reconnecting');
    ({ server } = await startServer({ GAME_STATIC_DIR: clientDir }, port));
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open', undefined, {
      timeout: 20_000,
    });
    await expect.poll(async () => (await readGameDebug(page))?.welcomes, { timeout: 10_000 }).toBe(2);
    expect(await page.locator('#join').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows touch buttons on a touch screen, and holding thrust flies the ship', async () => {
    const context = await browser.newContext({
      viewport: { width: 412, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const start = await joinAs(page, 'Thumb');
    // A coarse pointer shows the on-screen controls; a mouse-only page keeps them hidden.
    const thrust = page.locator('#touch [data-key="thrust"]');
    expect(await thrust.isVisible()).toBe(true);
    const box = await thrust.boundingBox();
    if (!box) throw new Error('the thrust button has no layout box');
    // A real touch held down (not a click): Chromium turns it into pointerdown ... pointerup.
    const cdp = await context.newCDPSession(page);
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await expect.poll(() => distanceFlown(page, start), { timeout: 10_000 }).toBeGreaterThan(30);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.screenshot({ path: await artifactPath('game-server-touch.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells the player the server is full while every connection is taken, and gets in once one is free', async () => {
    const full = await startServer({ GAME_STATIC_DIR: clientDir, GAME_MAX_CONNECTIONS: '1' });
    const holder = await TestClient.connect(full.port);
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${full.port}/`);
      await expect.poll(() => page.locator('#status').textContent()).toContain('server full');
      holder.close();
      // The client retries by itself (backoff under 5 s) and gets the free slot.
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open', null, {
        timeout: 15_000,
      });
    } finally {
      await page.close();
      holder.close();
      await full.server.stop(2000);
    }
  });
});
