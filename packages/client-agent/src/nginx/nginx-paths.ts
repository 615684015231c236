import { join } from 'node:path';

/** Every file and directory nginx uses under the run directory, named in one place. */
export interface NginxRunPaths {
  /** The rendered nginx.conf. */
  conf: string;
  pid: string;
  /** This container's browser client settings, served as /config.js. */
  configJs: string;
  /** While this file exists every request but /nginx-health gets the 503 page (the agent creates it). */
  storageDown: string;
  /** Local pages served when the volume is not (503.html). */
  errorPages: string;
  /** Parent of nginx's temporary directories. */
  temp: string;
}

/**
 * Where nginx's run files live. The run directory is on the container's local disk, never on the
 * volume, so nginx and the agent can use it while the mount is down.
 */
export function nginxRunPaths(runDir: string): NginxRunPaths {
  return {
    conf: join(runDir, 'nginx.conf'),
    pid: join(runDir, 'nginx.pid'),
    configJs: join(runDir, 'config.js'),
    storageDown: join(runDir, 'storage-down'),
    errorPages: join(runDir, 'html'),
    temp: join(runDir, 'tmp'),
  };
}
