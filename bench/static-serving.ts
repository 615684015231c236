import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { pollUntil } from '../e2e/src/deadline.js';
import { nginxArgs } from '../packages/client-agent/src/nginx/check-nginx-config.js';
import { writeNginxRunDir } from '../packages/client-agent/src/nginx/write-nginx-run-dir.js';

/** The agent's link to the release it serves on the mount, as nginx's root is in the image. */
const MOUNT_DOCROOT = '/var/lib/asteroids/documentroot';
/** The same files copied onto the container's own disk (its writable layer). */
const LOCAL_DOCROOT = '/srv/ga-bench-local';
/** The asset requested: the game's script, served from `<docroot>/client`. */
export const STATIC_ASSET = '/game.js';

/** One nginx instance of the comparison: where its files come from and its port in the container. */
interface Side {
  name: 'mount' | 'local';
  docroot: string;
  port: number;
}

// Ports free in the asteroids container: 80 and 443 (nginx), 8080 (agent), 8081 (game server).
const SIDES: readonly Side[] = [
  { name: 'mount', docroot: MOUNT_DOCROOT, port: 8091 },
  { name: 'local', docroot: LOCAL_DOCROOT, port: 8092 },
];

/** Requests per second of each side, one figure per run, and the asset's size. */
export interface StaticServingResult {
  asset: string;
  assetBytes: number;
  mountReqPerS: number[];
  localReqPerS: number[];
  /** mount / local of each run (the two measured back to back). */
  ratios: number[];
}

/** Options of `measureStaticServing`. */
export interface StaticServingOptions {
  /** Pairs of wrk runs (mount and local, alternating which goes first). */
  runs: number;
  /** Length of one wrk run. */
  durationS: number;
  /** wrk's open connections (keep-alive); one wrk thread, so nginx keeps the other core. */
  connections: number;
}

function exec(containerId: string, args: readonly string[], timeoutMs = 60_000) {
  return execa('docker', ['exec', containerId, ...args], { timeout: timeoutMs });
}

/**
 * Renders one nginx.conf per side with the client-agent's own renderer (identical settings but
 * the docroot, port and run directory; access log off on both), copies them into the container at
 * the same paths, and starts both nginx instances next to the agent's own.
 */
async function startComparedNginx(containerId: string): Promise<void> {
  // Rendered on the host, then copied to the same path in the container: the file names its paths.
  const hostDir = await mkdtemp(join(tmpdir(), 'ga-bench-nginx-'));
  try {
    for (const side of SIDES) {
      await writeNginxRunDir({
        httpPort: side.port,
        gameServerPort: 443, // the image's GAME_SERVER_PORT: nginx's second public port
        docroot: side.docroot,
        runDir: join(hostDir, side.name),
        accessLog: 'off',
      });
    }
    await exec(containerId, ['mkdir', '-p', hostDir, LOCAL_DOCROOT]);
    await execa('docker', ['cp', `${hostDir}/.`, `${containerId}:${hostDir}`]);
    await exec(containerId, ['cp', '-a', `${MOUNT_DOCROOT}/client`, `${LOCAL_DOCROOT}/client`]);
    for (const side of SIDES) {
      const conf = join(hostDir, side.name, 'nginx.conf');
      await execa('docker', ['exec', '-d', containerId, 'nginx', ...nginxArgs(conf)]);
    }
  } finally {
    await rm(hostDir, { recursive: true, force: true });
  }
}

// Fetches a URL inside the container and prints "status bytes": the asset must be served whole.
const FETCH_SCRIPT =
  'fetch(process.argv[1]).then(async (r) => console.log(r.status, (await r.arrayBuffer()).byteLength))';

/** Waits until a side serves the asset with 200 inside the container; returns its size in bytes. */
async function waitServed(containerId: string, side: Side): Promise<number> {
  const url = `http://127.0.0.1:${side.port}${STATIC_ASSET}`;
  return pollUntil(
    async () => {
      const { stdout } = await exec(containerId, ['node', '-e', FETCH_SCRIPT, url]);
      const [status, bytes] = stdout.trim().split(' ').map(Number);
      return status === 200 ? bytes : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, description: `nginx (${side.name}) serving ${url}` },
  );
}

/** One wrk run on loopback inside the container; throws if any answer was not a 2xx/3xx. */
async function wrkRequestsPerS(
  containerId: string,
  side: Side,
  options: StaticServingOptions,
): Promise<number> {
  const url = `http://127.0.0.1:${side.port}${STATIC_ASSET}`;
  const args = ['wrk', '-t1', `-c${options.connections}`, `-d${options.durationS}s`, url];
  const { stdout } = await exec(containerId, args, (options.durationS + 60) * 1000);
  if (/Non-2xx or 3xx responses|Socket errors/.test(stdout)) {
    throw new Error(`wrk saw failed requests from nginx (${side.name}):\n${stdout}`);
  }
  const perS = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(perS)) throw new Error(`no Requests/sec in wrk's output:\n${stdout}`);
  return perS;
}

/**
 * Requests/s of one game asset through nginx from the Gluster mount and from a copy on local
 * disk, in the same container with the same nginx settings, wrk on loopback. The two sides run
 * back to back, alternating which goes first, so both see the same machine load.
 */
export async function measureStaticServing(
  containerId: string,
  options: StaticServingOptions,
): Promise<StaticServingResult> {
  await startComparedNginx(containerId);
  const sizes = await Promise.all(SIDES.map((side) => waitServed(containerId, side)));
  if (sizes[0] !== sizes[1])
    throw new Error(`the mount and local copies differ in size: ${sizes.join(' vs ')}`);
  // Warm both sides once (nginx's open_file_cache, the page cache) before anything counts.
  for (const side of SIDES) await wrkRequestsPerS(containerId, side, { ...options, durationS: 1 });
  const measured = { mount: [] as number[], local: [] as number[] };
  for (let run = 0; run < options.runs; run++) {
    const order = run % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const side of order) measured[side.name].push(await wrkRequestsPerS(containerId, side, options));
  }
  return {
    asset: STATIC_ASSET,
    assetBytes: sizes[0] ?? 0,
    mountReqPerS: measured.mount,
    localReqPerS: measured.local,
    ratios: measured.mount.map((mount, run) => mount / (measured.local[run] ?? Number.NaN)),
  };
}
