import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import type { GameServer } from '../../src/server/app.js';
import { startServer } from './harness.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../.artifacts/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface GameDebug {
  me?: number;
  welcomes: number;
  ships: number;
  asteroids: number;
  x: number;
  y: number;
  tick: number;
}

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
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    // A fresh profile per run, as chromium would otherwise share state between test runs.
    env: { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'chromium-home-')) },
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop(2000);
});

describe('the game in a real browser', () => {
  it('lets a player join, fly, shoot, see asteroids and the leaderboard, and rejoin after a server restart', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open');
    await page.fill('#name', '<b>Ace</b>');
    await page.click('#play');
    await page.waitForFunction(() => (globalThis as { gameDebug?: GameDebug }).gameDebug?.me !== undefined);
    await expect
      .poll(() => page.evaluate(() => (globalThis as { gameDebug?: GameDebug }).gameDebug?.asteroids ?? 0))
      .toBeGreaterThan(0);
    const start = await page.evaluate(() => (globalThis as { gameDebug?: GameDebug }).gameDebug);
    expect(start?.ships).toBeGreaterThanOrEqual(1);
    await page.keyboard.down('ArrowUp');
    await page.keyboard.down('Space');
    await expect
      .poll(
        async () => {
          const now = await page.evaluate(() => (globalThis as { gameDebug?: GameDebug }).gameDebug);
          return now && start ? Math.hypot(now.x - start.x, now.y - start.y) : 0;
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(30);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.up('Space');
    // The name is shown as text in the scoreboard, never interpreted as markup.
    await expect.poll(() => page.locator('#scores').textContent()).toContain('<b>Ace</b>');
    expect(await page.locator('#scores b').count()).toBe(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'game-server-browser.png') });

    // The all-time leaderboard opens with L.
    await page.keyboard.press('KeyL');
    await expect.poll(() => page.locator('#leaderboard').isVisible()).toBe(true);
    await page.keyboard.press('KeyL');

    // The server restarts on the same port: the page notices, reconnects and rejoins by itself.
    const welcomes = await page.evaluate(() => (globalThis as { gameDebug?: GameDebug }).gameDebug?.welcomes);
    expect(welcomes).toBe(1);
    await server.stop(2000);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'reconnecting');
    ({ server } = await startServer({ GAME_STATIC_DIR: clientDir }, port));
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open', undefined, {
      timeout: 20_000,
    });
    await page.waitForFunction(
      () => (globalThis as { gameDebug?: GameDebug }).gameDebug?.welcomes === 2,
      undefined,
      {
        timeout: 10_000,
      },
    );
    expect(await page.locator('#join').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });
});
