import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** A container registry serving on 127.0.0.1 from a temporary directory. */
export interface LoopbackRegistry {
  /** host:port, the REGISTRY a push or pull names (docker allows plain HTTP on 127.0.0.0/8). */
  address: string;
  /** Stops the registry and deletes everything pushed to it. */
  stop(): Promise<void>;
}

/** Debian's docker-registry (distribution 2.8), installed by scripts/lib/host-setup.sh. */
const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Port 0: the kernel picks a free port, and the registry says which in its "listening on" line. */
function registryConfig(storageDir: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    'http:',
    '  addr: 127.0.0.1:0',
    // A fixed secret only silences the "multiple registries behind a load balancer" warning.
    '  secret: loopback-test-registry',
    '',
  ].join('\n');
}

/**
 * Starts docker-registry on a kernel-chosen loopback port with its storage in a new temporary
 * directory, and resolves once it listens; rejects (after cleaning up) if it exits or stays
 * silent for `timeoutMs`.
 */
export async function startLoopbackRegistry(timeoutMs = 15_000): Promise<LoopbackRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'ga-registry-'));
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, registryConfig(join(dir, 'storage')));
  const child = execa(REGISTRY_BINARY, ['serve', configFile], { reject: false, all: true, buffer: false });
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () => reject(new Error(`docker-registry did not listen within ${timeoutMs} ms:\n${seen}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        seen += String(chunk);
        const match = /listening on (127\.0\.0\.1:\d+)/.exec(seen);
        if (!match?.[1]) return;
        clearTimeout(timer);
        child.all?.off('data', onData);
        resolve(match[1]);
      };
      child.all?.on('data', onData);
      void child.then((result) => {
        clearTimeout(timer);
        reject(new Error(`docker-registry exited (${result.exitCode ?? result.signal}):\n${seen}`));
      });
    });
    // Keep draining the output so the registry never blocks on a full pipe.
    child.all?.resume();
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
