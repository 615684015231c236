import { spawnSync } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClientAgentConfig } from '../../src/config.js';
import { nginxRunPaths } from '../../src/nginx/nginx-paths.js';
import { prepareServing } from '../../src/serving/prepare-serving.js';

const nginxInstalled = spawnSync('nginx', ['-v']).error === undefined;

describe.skipIf(!nginxInstalled)('prepareServing', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("clears a storage-down flag left by the container's previous run", async () => {
    root = await mkdtemp(join(tmpdir(), 'prepare-serving-'));
    const runDir = join(root, 'run');
    // What `docker restart` during an outage leaves behind: the flag nginx answers 503 for.
    await mkdir(runDir, { recursive: true });
    const stale = nginxRunPaths(runDir).storageDown;
    await writeFile(stale, '2026-11-24T00:00:00.000Z');
    const config = loadClientAgentConfig({ GLUSTER_PEER: 'gluster01', GLUSTER_VOL_PATH: join(root, 'mnt') });

    const paths = await prepareServing({ runDir, config, publicHost: '' });

    expect(paths.storageDown).toBe(stale);
    await expect(access(stale)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(access(paths.conf)).resolves.toBeUndefined();
  });
});
