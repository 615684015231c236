import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '@gluster-asteroids/agent-runtime';
import { type NginxRunPaths, nginxRunPaths } from './nginx-paths.js';
import { type NginxSettingsInput, validateNginxSettings } from './nginx-settings.js';
import { renderNginxConfig } from './render-nginx-config.js';
import { renderStorageDownPage } from './storage-down-page.js';

/**
 * Prepares the run directory nginx needs before it starts: the directories (readable by the
 * worker user), the local 503 page and the rendered nginx.conf. Leaves config.js and the
 * storage-down flag to their owners. Returns the paths, for `nginx -c` and the agent.
 */
export async function writeNginxRunDir(input: NginxSettingsInput): Promise<NginxRunPaths> {
  const settings = validateNginxSettings(input);
  const config = renderNginxConfig(settings);
  const paths = nginxRunPaths(settings.runDir);
  // 0755: workers run as another user and must reach config.js and the 503 page. nginx creates
  // (and hands to that user) the temp directories themselves, but not their parent.
  for (const dir of [settings.runDir, paths.errorPages, paths.temp]) {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755); // whatever the umask
  }
  await writeFileAtomically(join(paths.errorPages, '503.html'), renderStorageDownPage());
  await writeFileAtomically(paths.conf, config);
  return paths;
}
