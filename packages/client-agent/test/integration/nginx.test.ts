import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pollUntil, runCommand } from '@gluster-asteroids/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { freePort } from '../../../../e2e/src/free-port.js';
import { renderConfigJs, writeConfigJsAtomically } from '../../src/game/config-js.js';
import { checkNginxConfig, nginxArgs } from '../../src/nginx/check-nginx-config.js';
import type { NginxRunPaths } from '../../src/nginx/nginx-paths.js';
import { writeNginxRunDir } from '../../src/nginx/write-nginx-run-dir.js';

const nginxInstalled = spawnSync('nginx', ['-v']).error === undefined;
if (!nginxInstalled) {
  console.warn(
    'Skipping the nginx integration tests: `nginx` is not installed (apt-get install nginx-light).',
  );
}

// Big enough for gzip_min_length, repetitive enough to shrink.
const APP_JS = `${'console.log("asteroids");\n'.repeat(200)}`;
const isRoot = process.getuid?.() === 0;

describe.skipIf(!nginxInstalled)('nginx serving the game from a rendered configuration', () => {
  let root: string;
  let paths: NginxRunPaths;
  let nginx: ChildProcess | undefined;
  let nginxOutput = '';
  let base: string;
  let echoHttp: Server;
  const upgrades: { url: string | undefined; forwardedFor: string | undefined }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'client-agent-nginx-'));
    // Workers run as www-data when the test runs as root: they must be able to read the tree.
    await chmod(root, 0o755);
    const client = join(root, 'game', 'client');
    await mkdir(client, { recursive: true, mode: 0o755 });
    await writeFile(join(client, 'index.html'), '<!doctype html><title>Asteroids</title>');
    await writeFile(join(client, 'app.js'), APP_JS);
    // The shared file on the volume must not be what /config.js serves.
    await writeFile(join(client, 'config.js'), "var HOST = 'shared-volume';\nvar PORT = 0;\n");

    echoHttp = createServer();
    const wss = new WebSocketServer({ server: echoHttp });
    wss.on('connection', (socket, request) => {
      upgrades.push({
        url: request.url,
        forwardedFor: request.headers['x-forwarded-for'] as string | undefined,
      });
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    await new Promise<void>((resolve) => echoHttp.listen(0, '127.0.0.1', resolve));
    const echoAddress = echoHttp.address();
    if (echoAddress === null || typeof echoAddress === 'string') throw new Error('no echo port');

    const httpPort = await freePort();
    base = `http://127.0.0.1:${httpPort}`;
    paths = await writeNginxRunDir({
      httpPort,
      gameServerPort: echoAddress.port,
      docroot: join(root, 'game'),
      runDir: join(root, 'run'),
      listenAddress: '127.0.0.1',
      // As root, the production default (unprivileged workers); otherwise no user directive.
      user: isRoot ? 'www-data' : undefined,
      accessLog: 'off',
    });
    await writeConfigJsAtomically(paths.configJs, renderConfigJs({ host: '203.0.113.7', port: 0 }));
    await checkNginxConfig(paths.conf, runCommand);

    nginx = spawn('nginx', nginxArgs(paths.conf), { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout?.on('data', (chunk) => {
      nginxOutput += chunk;
    });
    nginx.stderr?.on('data', (chunk) => {
      nginxOutput += chunk;
    });
    await pollUntil(
      async () => {
        if (nginx?.exitCode !== null) throw new Error(`nginx exited: ${nginxOutput}`);
        return (await fetch(`${base}/nginx-health`)).status === 200;
      },
      { what: 'nginx to answer /nginx-health', intervalMs: 100, timeoutMs: 20_000, isFatal: () => false },
    );
  });

  afterAll(async () => {
    const child = nginx;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT'); // graceful: finish requests, then exit
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((resolve) => echoHttp?.close(resolve));
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('answers /nginx-health with 200 from nginx itself', async () => {
    const response = await fetch(`${base}/nginx-health`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok\n');
  });

  it('serves the static client files from <docroot>/client with their types', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Asteroids</title>');
    const app = await fetch(`${base}/app.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(app.headers.get('content-type')).toBe('application/javascript');
    expect(app.headers.get('content-encoding')).toBeNull();
    expect(await app.text()).toBe(APP_JS);
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
  });

  it("serves this container's own /config.js from the run directory, not the volume's", async () => {
    const response = await fetch(`${base}/config.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript');
    const body = await response.text();
    expect(body).toContain("var HOST = '203.0.113.7';");
    expect(body).not.toContain('shared-volume');
  });

  it('compresses JavaScript with gzip when the client asks for it', async () => {
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      // node:http rather than fetch, which would decompress silently.
      get(`${base}/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.body.length).toBeLessThan(APP_JS.length);
    expect(gunzipSync(raw.body).toString()).toBe(APP_JS);
  });

  it('upgrades /ws to a WebSocket on the game server and carries messages both ways', async () => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
    const echoed = await new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send('pew pew'));
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    socket.close();
    expect(echoed).toBe('pew pew');
    expect(upgrades.at(-1)).toEqual({ url: '/ws', forwardedFor: '127.0.0.1' });
  });

  it('answers every request but /nginx-health with the local 503 page at once while storage is down', async () => {
    await writeFile(paths.storageDown, '');
    try {
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('10');
      expect(await page.text()).toContain('Back in a moment');
      expect((await fetch(`${base}/app.js`)).status).toBe(503);
      expect((await fetch(`${base}/config.js`)).status).toBe(503);
      const refused = await new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`);
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('error', () => {});
      });
      expect(refused).toBe(503);
      expect((await fetch(`${base}/nginx-health`)).status).toBe(200);
    } finally {
      await unlink(paths.storageDown);
    }
    const back = await fetch(`${base}/`);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('<title>Asteroids</title>');
  });

  it("rejects a broken configuration with nginx's own message", async () => {
    const broken = join(root, 'broken.conf');
    await writeFile(broken, 'events {}\nhttp { bogus_directive on; }\n');
    const error = await checkNginxConfig(broken, runCommand).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GA_NGINX_CONFIG_INVALID' });
    expect((error as Error).message).toContain('unknown directive "bogus_directive"');
    expect((error as Error).message).toContain(broken);
  });
});
