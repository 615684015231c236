import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, runCommand } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { installGame } from '../../src/game/install-game.js';
import { createLocalCheckout, type LocalCheckout } from '../../src/game/local-checkout.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const dirs: string[] = [];
const checkouts: LocalCheckout[] = [];
afterEach(async () => {
  await Promise.all(checkouts.splice(0).map((checkout) => checkout.dispose()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The agent's local clone of `repo` (cloned when first needed), disposed after the test. */
function checkoutOf(repo: string): LocalCheckout {
  const checkout = createLocalCheckout({ repo, tempRoot: tempDir() });
  checkouts.push(checkout);
  return checkout;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ga-install-'));
  dirs.push(dir);
  return dir;
}

/** A git repository with the given files committed, like the image's game bundle. */
async function gitRepo(files: Record<string, string>): Promise<string> {
  const repo = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  const git = (...args: string[]) => runCommand('git', ['-C', repo, ...args], { timeoutMs: 30_000 });
  await git('init', '--quiet');
  await git('add', '.');
  await git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '--quiet', '-m', 'bundle');
  return `file://${repo}`;
}

const bundle = {
  'client/config.js': "var HOST = '';\nvar PORT = 0;\n",
  'client/index.html': '<canvas></canvas>',
  'server/server.js': '',
};

describe('installGame', () => {
  it('installs a clone of the game, history included, into a missing docroot', async () => {
    const documentRoot = join(tempDir(), 'asteroids', 'documentroot');
    const repo = await gitRepo(bundle);
    expect(await installGame({ documentRoot, checkout: checkoutOf(repo), logger })).toBe('installed');
    expect(readFileSync(join(documentRoot, 'client', 'index.html'), 'utf8')).toBe('<canvas></canvas>');
    const origin = await runCommand('git', ['-C', documentRoot, 'remote', 'get-url', 'origin'], {
      timeoutMs: 30_000,
    });
    expect(origin.stdout.trim()).toBe(repo);
  });

  it('clones once however often it is prepared, and deletes the clone when disposed', async () => {
    const checkout = checkoutOf(await gitRepo(bundle));
    checkout.prepare();
    checkout.prepare();
    const dir = await checkout.ready();
    expect(await checkout.ready()).toBe(dir);
    expect(existsSync(join(dir, 'client', 'config.js'))).toBe(true);
    await checkout.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('lets only one of two containers starting at once install, leaving no temporary tree', async () => {
    const volume = tempDir();
    const documentRoot = join(volume, 'asteroids', 'documentroot');
    const repo = await gitRepo(bundle);
    const results = await Promise.all([
      installGame({ documentRoot, checkout: checkoutOf(repo), logger }),
      installGame({ documentRoot, checkout: checkoutOf(repo), logger }),
    ]);
    expect(results.sort()).toEqual(['installed', 'present']);
    expect(readdirSync(join(volume, 'asteroids')).filter((entry) => entry.startsWith('.install-'))).toEqual(
      [],
    );
  });

  it('never overwrites an existing docroot', async () => {
    const documentRoot = join(tempDir(), 'documentroot');
    mkdirSync(join(documentRoot, 'client'), { recursive: true });
    writeFileSync(join(documentRoot, 'client', 'config.js'), 'var HOST = "mine";');
    expect(await installGame({ documentRoot, checkout: checkoutOf(await gitRepo(bundle)), logger })).toBe(
      'present',
    );
    expect(readFileSync(join(documentRoot, 'client', 'config.js'), 'utf8')).toBe('var HOST = "mine";');
  });

  it('refuses a docroot without client/config.js and leaves it untouched', async () => {
    const documentRoot = join(tempDir(), 'documentroot');
    mkdirSync(documentRoot);
    writeFileSync(join(documentRoot, 'notes.txt'), 'keep me');
    await expect(
      installGame({ documentRoot, checkout: checkoutOf('file:///nowhere'), logger }),
    ).rejects.toMatchObject({
      code: 'GA_DOCROOT_INVALID',
    });
    expect(readdirSync(documentRoot)).toEqual(['notes.txt']);
  });

  it('installs nothing from a repository that is not a game bundle', async () => {
    const documentRoot = join(tempDir(), 'asteroids', 'documentroot');
    await expect(
      installGame({ documentRoot, checkout: checkoutOf(await gitRepo({ 'README.md': 'hi' })), logger }),
    ).rejects.toMatchObject({
      code: 'GA_GAME_REPO_INVALID',
    });
    expect(readdirSync(join(documentRoot, '..')).filter((e) => !e.endsWith('.lock'))).toEqual([]);
  });

  it('names GAME_REPO when it cannot be cloned', async () => {
    const documentRoot = join(tempDir(), 'documentroot');
    await expect(
      installGame({ documentRoot, checkout: checkoutOf('file:///no/such/repo.git'), logger }),
    ).rejects.toMatchObject({
      code: 'GA_GAME_REPO_UNAVAILABLE',
      message: expect.stringMatching(/Could not clone GAME_REPO file:\/\/\/no\/such\/repo\.git/),
    });
  });
});
