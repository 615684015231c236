import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type CommandRunner, createLogger, runCommand } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { type InstallGameOptions, installGame } from '../../src/game/install-game.js';
import { createLocalCheckout, type LocalCheckout } from '../../src/game/local-checkout.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const dirs: string[] = [];
const checkouts: LocalCheckout[] = [];
afterEach(async () => {
  await Promise.all(checkouts.splice(0).map((checkout) => checkout.dispose()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The agent's local clone of `repo` (cloned when first needed), disposed after the test. */
function checkoutOf(repo: string, run?: CommandRunner, cloneEarly?: boolean): LocalCheckout {
  const checkout = createLocalCheckout({
    repo,
    tempRoot: tempDir(),
    ...(run ? { run } : {}),
    ...(cloneEarly === undefined ? {} : { cloneEarly }),
  });
  checkouts.push(checkout);
  return checkout;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ga-install-'));
  dirs.push(dir);
  return dir;
}

const git = (args: string[], env?: Record<string, string>) =>
  runCommand('git', args, { timeoutMs: 30_000, ...(env ? { env } : {}) });

/** A git repository with the given files committed, like the image's game bundle. */
async function gitRepo(files: Record<string, string>): Promise<string> {
  const repo = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  await git(['-C', repo, 'init', '--quiet']);
  await git(['-C', repo, 'add', '.']);
  await git([
    '-C',
    repo,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@example.invalid',
    'commit',
    '-qm',
    'bundle',
  ]);
  return `file://${repo}`;
}

async function headOf(repo: string): Promise<string> {
  return (await git(['ls-remote', repo, 'HEAD'])).stdout.split('\t')[0] ?? '';
}

/** A game bundle whose page says `page`. */
const bundle = (page = '<canvas></canvas>') => ({
  'client/config.js': "var HOST = '';\nvar PORT = 0;\n",
  'client/index.html': page,
  'server/server.js': '',
  'server/package.json': '{ "type": "module" }\n',
});

/** A volume, and one container's disk, in temporary directories. */
function volume() {
  const mountPoint = tempDir();
  return {
    mountPoint,
    releases: join(mountPoint, 'asteroids', 'releases'),
    /** A container's own disk: its local game copies and its document root link. */
    container: (name: string) => {
      const localRoot = join(tempDir(), name);
      return { localRoot, documentRoot: join(localRoot, 'documentroot'), holder: name };
    },
  };
}

type Container = ReturnType<ReturnType<typeof volume>['container']>;

/** installGame as one container of the volume runs it with HTTP_DOCUMENTROOT unset. */
function installVersioned(
  vol: ReturnType<typeof volume>,
  container: Container,
  checkout: LocalCheckout,
  extra: Partial<InstallGameOptions> & { keep?: number } = {},
) {
  return installGame({
    config: {
      mountPoint: vol.mountPoint,
      documentRoot: container.documentRoot,
      documentRootPinned: false,
      releasesKeep: extra.keep ?? 3,
    },
    checkout,
    logger,
    localRoot: container.localRoot,
    holder: container.holder,
    ...extra,
  });
}

function releasesOn(vol: ReturnType<typeof volume>): string[] {
  return readdirSync(vol.releases)
    .filter((name) => !name.startsWith('.'))
    .sort();
}

/** A logger whose lines are kept, to read what it said. */
function recordingLogger() {
  const lines: { msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as { msg: string });
      done();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'info', destination }), lines };
}

describe('the local checkout', () => {
  it('clones once however often it is prepared, and deletes the clone when disposed', async () => {
    const repo = await gitRepo(bundle());
    const checkout = checkoutOf(repo);
    checkout.prepare();
    checkout.prepare();
    const tree = await checkout.ready();
    expect(await checkout.ready()).toEqual(tree);
    expect(tree.commit).toBe(await headOf(repo));
    expect(existsSync(join(tree.dir, 'client', 'config.js'))).toBe(true);
    await checkout.dispose();
    expect(existsSync(tree.dir)).toBe(false);
  });

  it("learns the version from GAME_REPO's HEAD without cloning it", async () => {
    const repo = await gitRepo(bundle());
    const calls: string[] = [];
    const checkout = checkoutOf(
      repo,
      (command, args, options) => {
        calls.push(`${command} ${args[0]}`);
        return runCommand(command, args, options);
      },
      false,
    );
    expect(await checkout.version()).toBe(await headOf(repo));
    expect(calls).toEqual(['git ls-remote']);
    expect(checkout.started()).toBeUndefined();
  });

  it('clones a GAME_REPO on this disk at once, and a remote one only when asked', async () => {
    const local = checkoutOf(await gitRepo(bundle()));
    expect(local.started()).toBeDefined();
    const remote = createLocalCheckout({
      repo: 'https://example.invalid/game.git',
      run: () => new Promise(() => {}),
    });
    expect(remote.started()).toBeUndefined();
  });

  it('asks again, and clones again, when what it tried early failed', async () => {
    const repo = await gitRepo(bundle());
    let failing = true;
    const checkout = checkoutOf(repo, (command, args, options) =>
      failing ? Promise.reject(new Error('not mounted yet')) : runCommand(command, args, options),
    );
    await expect(checkout.started()).rejects.toThrow(/not mounted yet/);
    failing = false;
    expect(await checkout.version()).toBe(await headOf(repo));
    expect((await checkout.ready()).commit).toBe(await headOf(repo));
  });

  it('learns the version from a clone when ls-remote fails', async () => {
    const repo = await gitRepo(bundle());
    const checkout = checkoutOf(repo, (command, args, options) =>
      args[0] === 'ls-remote'
        ? Promise.reject(new Error('ls-remote: connection reset'))
        : runCommand(command, args, options),
    );
    expect(await checkout.version()).toBe(await headOf(repo));
  });
});

describe('installGame with versioned releases (HTTP_DOCUMENTROOT unset)', () => {
  it('installs a version once, into a release of its own, and serves it from there', async () => {
    const vol = volume();
    const web1 = vol.container('web1');
    const repo = await gitRepo(bundle());
    const version = await headOf(repo);
    const first = await installVersioned(vol, web1, checkoutOf(repo));
    expect(first).toMatchObject({ outcome: 'installed', version, documentRoot: join(vol.releases, version) });
    expect(readFileSync(join(vol.releases, version, 'client', 'index.html'), 'utf8')).toBe(
      '<canvas></canvas>',
    );
    // The game, not its history.
    expect(existsSync(join(vol.releases, version, '.git'))).toBe(false);
    expect(JSON.parse(readFileSync(join(vol.releases, version, '.release.json'), 'utf8'))).toMatchObject({
      version,
      repo,
      installedBy: 'web1',
    });
    expect(readlinkSync(web1.documentRoot)).toBe(join(vol.releases, version));
    // The game server's copy is on the container's own disk.
    expect(first.gameDir).toBe(join(web1.localRoot, 'game', version));
    expect(existsSync(join(first.gameDir, 'server', 'server.js'))).toBe(true);
    // The leaderboard's directory exists for the game server, which never creates it.
    expect(statSync(join(vol.mountPoint, 'asteroids')).isDirectory()).toBe(true);

    // A second container: the release is there; it copies it to its own disk and clones nothing.
    const web2 = vol.container('web2');
    const checkout = checkoutOf(repo, undefined, false);
    const ready = checkout.ready;
    let cloned = false;
    checkout.ready = () => {
      cloned = true;
      return ready();
    };
    const second = await installVersioned(vol, web2, checkout);
    expect(second).toMatchObject({ outcome: 'present', version, documentRoot: join(vol.releases, version) });
    expect(cloned).toBe(false);
    expect(readFileSync(join(second.gameDir, 'client', 'index.html'), 'utf8')).toBe('<canvas></canvas>');
    expect(releasesOn(vol)).toEqual([version]);
  });

  it("makes the game server's copy from a clone made while the volume mounted, not from the volume", async () => {
    const vol = volume();
    const repo = await gitRepo(bundle('from git'));
    const first = await installVersioned(vol, vol.container('a'), checkoutOf(repo));
    // Marked on the volume only: a copy read back from the volume would carry it.
    writeFileSync(join(first.documentRoot, 'client', 'index.html'), 'from the volume');
    const second = await installVersioned(vol, vol.container('b'), checkoutOf(repo));
    expect(second.outcome).toBe('present');
    expect(readFileSync(join(second.gameDir, 'client', 'index.html'), 'utf8')).toBe('from git');
    const third = await installVersioned(vol, vol.container('c'), checkoutOf(repo, undefined, false));
    expect(readFileSync(join(third.gameDir, 'client', 'index.html'), 'utf8')).toBe('from the volume');
  });

  it('installs a second version beside the first, and each container keeps serving its own', async () => {
    const vol = volume();
    const old = vol.container('old');
    const upgraded = vol.container('new');
    const v1 = await gitRepo(bundle('v1'));
    const v2 = await gitRepo(bundle('v2'));
    const one = await installVersioned(vol, old, checkoutOf(v1));
    const two = await installVersioned(vol, upgraded, checkoutOf(v2));
    expect(two.outcome).toBe('installed');
    expect(two.version).not.toBe(one.version);
    expect(releasesOn(vol)).toEqual([one.version, two.version].sort());
    expect(readFileSync(join(old.documentRoot, 'client', 'index.html'), 'utf8')).toBe('v1');
    expect(readFileSync(join(upgraded.documentRoot, 'client', 'index.html'), 'utf8')).toBe('v2');
    // The old container restarts: still its own version, nothing installed.
    const again = await installVersioned(vol, old, checkoutOf(v1));
    expect(again).toMatchObject({ outcome: 'present', version: one.version });
    expect(readFileSync(join(again.gameDir, 'client', 'index.html'), 'utf8')).toBe('v1');
  });

  it('reuses its own local copy after a restart, and drops copies of other versions', async () => {
    const vol = volume();
    const web = vol.container('web');
    const v1 = await gitRepo(bundle('v1'));
    const first = await installVersioned(vol, web, checkoutOf(v1));
    const inode = statSync(first.gameDir).ino;
    expect((await installVersioned(vol, web, checkoutOf(v1))).gameDir).toBe(first.gameDir);
    expect(statSync(first.gameDir).ino).toBe(inode);
    const second = await installVersioned(vol, web, checkoutOf(await gitRepo(bundle('v2'))));
    expect(readdirSync(join(web.localRoot, 'game'))).toEqual([second.version]);
  });

  it('prunes all but the newest releases, keeps leased ones, and touches nothing else on the volume', async () => {
    const vol = volume();
    let wall = Date.parse('2026-12-01T12:00:00Z');
    const now = () => wall;
    const data = join(vol.mountPoint, 'asteroids');
    mkdirSync(join(data, 'documentroot', 'client'), { recursive: true });
    writeFileSync(join(data, 'leaderboard.json'), '{"scores":[1]}');
    writeFileSync(join(data, 'documentroot', 'client', 'config.js'), 'legacy');
    writeFileSync(join(vol.mountPoint, 'other.txt'), 'keep me');
    mkdirSync(vol.releases, { recursive: true });
    writeFileSync(join(vol.releases, 'notes.txt'), 'not a release');
    const install = async (holder: string, page: string) =>
      installVersioned(vol, vol.container(holder), checkoutOf(await gitRepo(bundle(page))), { now, keep: 2 });

    // v1's container keeps running; those of v2 and v3 stopped, so their leases stop being renewed.
    const v1 = await install('runs-on', 'v1');
    wall += 60_000;
    const v2 = await install('stopped-2', 'v2');
    wall += 60_000;
    const v3 = await install('stopped-3', 'v3');
    wall += 11 * 60_000;
    await v1.lease?.renew();
    const v4 = await install('upgraded', 'v4');

    // v4 was just installed, v3 is among the 2 newest, v1 is in use; v2 goes.
    expect(releasesOn(vol)).toEqual([v1.version, v3.version, v4.version, 'notes.txt'].sort());
    expect(readFileSync(join(v1.documentRoot, 'client', 'index.html'), 'utf8')).toBe('v1');
    expect(existsSync(v2.documentRoot)).toBe(false);
    // The dead leases went too; nothing outside releases/ changed.
    expect(
      readdirSync(join(vol.releases, '.leases'))
        .map((name) => name.split('@')[0])
        .sort(),
    ).toEqual(['runs-on', 'upgraded']);
    expect(readFileSync(join(data, 'leaderboard.json'), 'utf8')).toBe('{"scores":[1]}');
    expect(readFileSync(join(data, 'documentroot', 'client', 'config.js'), 'utf8')).toBe('legacy');
    expect(readFileSync(join(vol.mountPoint, 'other.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(data).sort()).toEqual(['documentroot', 'leaderboard.json', 'releases']);
    expect(readdirSync(vol.releases).filter((name) => /^\.(install|prune)-/.test(name))).toEqual([]);
  });

  it('counts a lease read half-written by its name and mtime', async () => {
    const vol = volume();
    const leases = join(vol.releases, '.leases');
    const install = async (holder: string, page: string) =>
      installVersioned(vol, vol.container(holder), checkoutOf(await gitRepo(bundle(page))), { keep: 1 });
    const v1 = await install('a', 'v1');
    rmSync(join(leases, `a@${v1.version}.json`));
    writeFileSync(join(leases, `b@${v1.version}.json`), ''); // b is rewriting it right now
    const v2 = await install('c', 'v2');
    rmSync(join(leases, `c@${v2.version}.json`)); // c stopped long ago
    const v3 = await install('d', 'v3');
    expect(releasesOn(vol)).toEqual([v1.version, v3.version].sort());
  });

  it('installs a pruned release again when a container of that version starts', async () => {
    const vol = volume();
    const repo = await gitRepo(bundle('old'));
    const first = await installVersioned(vol, vol.container('a'), checkoutOf(repo));
    rmSync(first.documentRoot, { recursive: true });
    const again = await installVersioned(vol, vol.container('b'), checkoutOf(repo));
    expect(again).toMatchObject({ outcome: 'installed', version: first.version });
    expect(readFileSync(join(again.documentRoot, 'client', 'index.html'), 'utf8')).toBe('old');
  });

  it('lets only one of two containers starting at once install a version', async () => {
    const vol = volume();
    const repo = await gitRepo(bundle());
    const results = await Promise.all(
      ['a', 'b'].map((name) => installVersioned(vol, vol.container(name), checkoutOf(repo))),
    );
    expect(results.map((result) => result.outcome).sort()).toEqual(['installed', 'present']);
    expect(results[0]?.documentRoot).toBe(results[1]?.documentRoot);
    expect(readdirSync(vol.releases).sort()).toEqual(['.leases', await headOf(repo)]);
  });

  it('removes what a crashed install left behind, and its lock is taken over once stale', async () => {
    const vol = volume();
    mkdirSync(join(vol.releases, '.install-crashed-1234', 'client'), { recursive: true });
    mkdirSync(join(vol.releases, '.prune-abc-1234'), { recursive: true });
    // The crashed holder's lock: its mtime stopped being refreshed long ago.
    mkdirSync(join(vol.releases, '.install.lock'));
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(vol.releases, '.install.lock'), past, past);
    const repo = await gitRepo(bundle());
    const { logger: recording, lines } = recordingLogger();
    await installVersioned(vol, vol.container('a'), checkoutOf(repo), { logger: recording });
    expect(readdirSync(vol.releases).sort()).toEqual(['.leases', await headOf(repo)]);
    expect(lines.map((line) => line.msg)).toContain('removed what a crashed install left behind');
  });

  it('fails cleanly with GA_INSTALL_LOCK_LOST when the lock is lost mid-copy, renaming nothing into place', async () => {
    const vol = volume();
    const repo = await gitRepo(bundle());
    // A copy onto the volume that takes long; meanwhile someone removes the lock directory.
    const slowCopy: CommandRunner = (command, args, options) => {
      if (command !== 'cp' || !String(args.at(-1)).includes('.install-'))
        return runCommand(command, args, options);
      rmSync(join(vol.releases, '.install.lock'), { recursive: true });
      return new Promise((_resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the lock loss was never noticed')), 20_000);
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('cp aborted'));
        });
      });
    };
    await expect(
      installVersioned(vol, vol.container('a'), checkoutOf(repo), { run: slowCopy, lockStaleMs: 2_000 }),
    ).rejects.toMatchObject({ code: 'GA_INSTALL_LOCK_LOST' });
    expect(releasesOn(vol)).toEqual([]);
    expect(readdirSync(vol.releases).filter((name) => name.startsWith('.install-'))).toEqual([]);
  });

  it('leaves a legacy documentroot alone and says it can be removed', async () => {
    const vol = volume();
    const legacy = join(vol.mountPoint, 'asteroids', 'documentroot');
    mkdirSync(join(legacy, 'client'), { recursive: true });
    writeFileSync(join(legacy, 'client', 'config.js'), 'old');
    const { logger: recording, lines } = recordingLogger();
    await installVersioned(vol, vol.container('a'), checkoutOf(await gitRepo(bundle())), {
      logger: recording,
    });
    expect(readFileSync(join(legacy, 'client', 'config.js'), 'utf8')).toBe('old');
    expect(lines.filter((line) => line.msg.includes('is no longer used'))).toHaveLength(1);
  });

  it('installs nothing from a repository that is not a game bundle', async () => {
    const vol = volume();
    await expect(
      installVersioned(vol, vol.container('a'), checkoutOf(await gitRepo({ 'README.md': 'hi' }))),
    ).rejects.toMatchObject({ code: 'GA_GAME_REPO_INVALID' });
    expect(releasesOn(vol)).toEqual([]);
  });

  it('names GAME_REPO when it can neither be asked nor cloned', async () => {
    const vol = volume();
    await expect(
      installVersioned(vol, vol.container('a'), checkoutOf('file:///no/such/repo.git')),
    ).rejects.toMatchObject({
      code: 'GA_GAME_REPO_UNAVAILABLE',
      message: expect.stringMatching(/Could not clone GAME_REPO file:\/\/\/no\/such\/repo\.git/),
    });
  });
});

describe("the image's default GAME_REPO (images/asteroids/Dockerfile)", () => {
  /** The Dockerfile's RUN that turns the bundle into game.git, with its paths moved into `dir`. */
  function commitRecipe(dir: string): string {
    const dockerfile = readFileSync(
      new URL('../../../../images/asteroids/Dockerfile', import.meta.url),
      'utf8',
    );
    const lines = dockerfile.split('\n');
    const start = lines.findIndex((line) => line.startsWith('RUN git -C /tmp/game-bundle init'));
    expect(start).toBeGreaterThan(0);
    const run: string[] = [];
    for (const line of lines.slice(start)) {
      run.push(line.replace(/\\$/, ''));
      if (!line.endsWith('\\')) break;
    }
    return run
      .join(' ')
      .replace(/^RUN /, '')
      .replaceAll('/tmp/game-bundle', join(dir, 'bundle'))
      .replaceAll('/opt/gluster-asteroids/game.git', join(dir, 'game.git'));
  }

  /** Builds game.git from `files` as the image build does, on a machine with its own git identity and clock. */
  async function build(files: Record<string, string>, when: string, who: string): Promise<string> {
    const dir = tempDir();
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, 'bundle', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'bundle', path), content);
    }
    const home = join(dir, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.gitconfig'), `[user]\n\tname = ${who}\n\temail = ${who}@example.invalid\n`);
    await runCommand('sh', ['-ec', commitRecipe(dir)], {
      timeoutMs: 30_000,
      env: { HOME: home, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when, GIT_CONFIG_NOSYSTEM: '1' },
    });
    return headOf(join(dir, 'game.git'));
  }

  it('gives the same game the same version on every build, and a changed game another', async () => {
    const first = await build(bundle(), '2026-01-01T10:00:00Z', 'alice');
    const rebuilt = await build(bundle(), '2026-06-30T18:30:00Z', 'bob');
    const changed = await build(bundle('<canvas id="v2"></canvas>'), '2026-01-01T10:00:00Z', 'alice');
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(rebuilt).toBe(first);
    expect(changed).not.toBe(first);
  });
});

describe('installGame with a pinned HTTP_DOCUMENTROOT', () => {
  function installPinned(documentRoot: string, checkout: LocalCheckout, log = logger) {
    const mountPoint = tempDir();
    return installGame({
      config: { mountPoint, documentRoot, documentRootPinned: true, releasesKeep: 3 },
      checkout,
      logger: log,
      localRoot: tempDir(),
      holder: 'web',
    });
  }

  it('installs a clone of the game, history included, into a missing docroot', async () => {
    const documentRoot = join(tempDir(), 'asteroids', 'documentroot');
    const repo = await gitRepo(bundle());
    const installed = await installPinned(documentRoot, checkoutOf(repo));
    expect(installed).toMatchObject({
      outcome: 'installed',
      version: undefined,
      documentRoot,
      lease: undefined,
    });
    expect(readFileSync(join(documentRoot, 'client', 'index.html'), 'utf8')).toBe('<canvas></canvas>');
    const origin = await git(['-C', documentRoot, 'remote', 'get-url', 'origin']);
    expect(origin.stdout.trim()).toBe(repo);
    expect(readFileSync(join(installed.gameDir, 'client', 'index.html'), 'utf8')).toBe('<canvas></canvas>');
  });

  it('lets only one of two containers starting at once install, leaving no temporary tree', async () => {
    const parent = tempDir();
    const documentRoot = join(parent, 'documentroot');
    const repo = await gitRepo(bundle());
    const results = await Promise.all([
      installPinned(documentRoot, checkoutOf(repo)),
      installPinned(documentRoot, checkoutOf(repo)),
    ]);
    expect(results.map((result) => result.outcome).sort()).toEqual(['installed', 'present']);
    expect(readdirSync(parent).filter((entry) => entry.startsWith('.install-'))).toEqual([]);
  });

  it('never overwrites an existing docroot, says upgrades do not reach it, and runs the game from a copy of it', async () => {
    const documentRoot = join(tempDir(), 'documentroot');
    mkdirSync(join(documentRoot, 'client'), { recursive: true });
    writeFileSync(join(documentRoot, 'client', 'config.js'), 'var HOST = "mine";');
    const { logger: recording, lines } = recordingLogger();
    const installed = await installPinned(documentRoot, checkoutOf(await gitRepo(bundle('new'))), recording);
    expect(installed.outcome).toBe('present');
    expect(readFileSync(join(documentRoot, 'client', 'config.js'), 'utf8')).toBe('var HOST = "mine";');
    expect(existsSync(join(documentRoot, 'client', 'index.html'))).toBe(false);
    expect(lines.some((line) => /upgrades of the image do not reach it/.test(line.msg))).toBe(true);
    expect(readFileSync(join(installed.gameDir, 'client', 'config.js'), 'utf8')).toBe('var HOST = "mine";');
  });

  it('refuses a docroot without client/config.js and leaves it untouched', async () => {
    const documentRoot = join(tempDir(), 'documentroot');
    mkdirSync(documentRoot);
    writeFileSync(join(documentRoot, 'notes.txt'), 'keep me');
    await expect(installPinned(documentRoot, checkoutOf('file:///nowhere'))).rejects.toMatchObject({
      code: 'GA_DOCROOT_INVALID',
    });
    expect(readdirSync(documentRoot)).toEqual(['notes.txt']);
  });

  it('installs nothing from a repository that is not a game bundle', async () => {
    const documentRoot = join(tempDir(), 'asteroids', 'documentroot');
    await expect(
      installPinned(documentRoot, checkoutOf(await gitRepo({ 'README.md': 'hi' }))),
    ).rejects.toMatchObject({ code: 'GA_GAME_REPO_INVALID' });
    expect(readdirSync(join(documentRoot, '..')).filter((e) => !e.endsWith('.lock'))).toEqual([]);
  });
});
