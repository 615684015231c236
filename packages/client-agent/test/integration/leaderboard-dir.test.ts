import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gluster-asteroids/agent-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareLeaderboardDir } from '../../src/game/leaderboard-dir.js';
import { GAME_USER } from '../../src/programs/game-user.js';

const logger = createLogger({ name: 'test', level: 'silent' });
// chown to another user needs root, as the agent is in its container.
const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('prepareLeaderboardDir', () => {
  let mount: string | undefined;
  afterEach(async () => {
    if (mount) await rm(mount, { recursive: true, force: true });
  });

  async function volume(): Promise<string> {
    mount = await mkdtemp(join(tmpdir(), 'leaderboard-dir-'));
    await mkdir(join(mount, 'asteroids', 'releases', 'abc'), { recursive: true });
    return mount;
  }

  it("gives asteroids/leaderboard/ to the game user and leaves asteroids/ and the releases root's", async () => {
    const root = await volume();
    const board = await prepareLeaderboardDir(root, GAME_USER, logger);
    expect(board).toBe(join(root, 'asteroids', 'leaderboard', 'leaderboard.json'));
    const dir = await stat(join(root, 'asteroids', 'leaderboard'));
    expect({ uid: dir.uid, gid: dir.gid, mode: dir.mode & 0o777 }).toEqual({
      uid: 10001,
      gid: 10001,
      mode: 0o755,
    });
    for (const path of ['asteroids', 'asteroids/releases', 'asteroids/releases/abc']) {
      const info = await stat(join(root, path));
      expect({ path, uid: info.uid, groupOrOtherWrite: (info.mode & 0o022) !== 0 }).toEqual({
        path,
        uid: 0,
        groupOrOtherWrite: false,
      });
    }
  });

  it('moves a board from the old path into the directory once, owned by the game user, and links the old path to it', async () => {
    const root = await volume();
    const legacy = join(root, 'asteroids', 'leaderboard.json');
    await writeFile(legacy, '{"top":[{"name":"ada","score":900}]}');

    const board = await prepareLeaderboardDir(root, GAME_USER, logger);
    expect(await readFile(board, 'utf8')).toBe('{"top":[{"name":"ada","score":900}]}');
    expect((await stat(board)).uid).toBe(10001);
    expect((await lstat(legacy)).isSymbolicLink()).toBe(true);
    expect(await readlink(legacy)).toBe('leaderboard/leaderboard.json');
    expect(await readFile(legacy, 'utf8')).toBe('{"top":[{"name":"ada","score":900}]}');

    // Again (a restart, another container): nothing moves, the board stays.
    await writeFile(board, '{"top":[]}');
    expect(await prepareLeaderboardDir(root, GAME_USER, logger)).toBe(board);
    expect(await readFile(board, 'utf8')).toBe('{"top":[]}');
  });

  it('leaves a board an older image wrote at the old path alone when the new one exists', async () => {
    const root = await volume();
    await prepareLeaderboardDir(root, GAME_USER, logger);
    const legacy = join(root, 'asteroids', 'leaderboard.json');
    await rm(legacy);
    await writeFile(legacy, '{"old":true}');
    await writeFile(join(root, 'asteroids', 'leaderboard', 'leaderboard.json'), '{"new":true}');
    await prepareLeaderboardDir(root, GAME_USER, logger);
    expect(await readFile(legacy, 'utf8')).toBe('{"old":true}');
    expect(await readFile(join(root, 'asteroids', 'leaderboard', 'leaderboard.json'), 'utf8')).toBe(
      '{"new":true}',
    );
  });
});
