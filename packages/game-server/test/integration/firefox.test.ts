import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/build-bundle.js';
import type { GameServer } from '../../src/server/app.js';
import { artifactPath, distanceFlown, freshProfileDir, readGameDebug } from './game-page.js';
import { startServer } from './harness.js';

// Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core: playwright-core can only
// drive its own patched Firefox builds, which cannot be downloaded on our machines.
const FIREFOX = '/usr/bin/firefox-esr';

let server: GameServer;
let port: number;
let browser: Browser;

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'game-firefox-'));
  const bundle = await buildBundle(join(work, 'bundle'));
  ({ server, port } = await startServer({ GAME_STATIC_DIR: join(bundle, 'client') }));
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: await freshProfileDir('firefox'),
    // Firefox takes 5-15 s to start on a loaded 2-core machine.
    timeout: 60_000,
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop(2000);
});

describe('the game in Firefox', () => {
  it('lets a player join and fly, with asteroids drawn and the name shown as text', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 700 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open');
    await page.type('#name', 'Fox <i>');
    await page.click('#play');
    await expect.poll(async () => (await readGameDebug(page))?.me).toBeDefined();
    await expect.poll(async () => (await readGameDebug(page))?.asteroids ?? 0).toBeGreaterThan(0);
    const start = await readGameDebug(page);
    if (!start) throw new Error('the game drew no frame');
    expect(start.ships).toBeGreaterThanOrEqual(1);

    await page.keyboard.down('ArrowUp');
    // WebDriver BiDi names keys by the character they type; Firefox reports it as code "Space".
    await page.keyboard.down(' ');
    await expect.poll(() => distanceFlown(page, start), { timeout: 10_000 }).toBeGreaterThan(30);
    await page.keyboard.up('ArrowUp');
    await page.keyboard.up(' ');

    const scores = () => page.$eval('#scores', (el) => el.textContent ?? '');
    await expect.poll(scores).toContain('Fox <i>');
    expect(await page.$$('#scores i')).toHaveLength(0);
    await page.screenshot({ path: await artifactPath('game-server-firefox.png') });
    expect(errors).toEqual([]);
  });
});
