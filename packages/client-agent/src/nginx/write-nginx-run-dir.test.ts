import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeNginxRunDir } from './write-nginx-run-dir.js';

describe('writeNginxRunDir', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the run directory with nginx.conf, the 503 page and the temp parent', async () => {
    root = await mkdtemp(join(tmpdir(), 'nginx-run-'));
    const runDir = join(root, 'run');
    const paths = await writeNginxRunDir({
      httpPort: 8080,
      gameServerPort: 4000,
      docroot: '/srv/game',
      runDir,
    });
    expect(paths.conf).toBe(join(runDir, 'nginx.conf'));
    expect(await readFile(paths.conf, 'utf8')).toContain('listen 8080;');
    expect(await readFile(join(paths.errorPages, '503.html'), 'utf8')).toContain('Back in a moment');
    expect((await stat(paths.temp)).isDirectory()).toBe(true);
    expect((await stat(runDir)).mode & 0o777).toBe(0o755);
  });

  it('writes nothing when a setting is invalid', async () => {
    root = await mkdtemp(join(tmpdir(), 'nginx-run-'));
    const runDir = join(root, 'run');
    await expect(
      writeNginxRunDir({ httpPort: 0, gameServerPort: 4000, docroot: '/srv/game', runDir }),
    ).rejects.toMatchObject({ code: 'GA_NGINX_SETTING_INVALID', setting: 'httpPort' });
    await expect(stat(runDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
