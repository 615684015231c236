import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Lets CommonJS dependencies (fastify, pino, ws) call require() inside the ESM server bundle. */
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const README = `# Asteroids game bundle

client/  static files for nginx (or the game server itself); edit client/config.js to point
         the browser at another HOST/PORT (empty/0 = same origin, path /ws)
server/  the game server with all its dependencies in one file

Run: node server/server.js 8443   (needs Node >= 22; no node_modules)
`;

/**
 * What both server-side builds share (the main thread's server.js and the simulation thread's
 * code): one file with its dependencies for node 22+. Minified (2.1 MB -> about 1 MB): it is
 * copied onto the volume at install and read from it, then parsed, at every start. keepNames
 * keeps class and function names, which errors, logs and stack traces show.
 */
const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  minify: true,
  keepNames: true,
  logLevel: 'warning',
} as const;

/**
 * Builds the deployable bundle: `client/` and `server/server.js`, runnable from the shared
 * volume with plain node and no node_modules. Returns the bundle directory.
 */
export async function buildBundle(outDir = join(packageDir, 'dist', 'bundle')): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'server'), { recursive: true });
  await cp(join(packageDir, 'src', 'client', 'static'), join(outDir, 'client'), { recursive: true });
  await build({
    entryPoints: [join(packageDir, 'src', 'client', 'main.ts')],
    outfile: join(outDir, 'client', 'game.js'),
    bundle: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  // The simulation thread's code, bundled on its own and embedded in server.js as a string: the
  // thread then loads only the simulation, and the bundle stays one file.
  const worker = await build({
    entryPoints: [join(packageDir, 'src', 'server', 'simulation', 'worker-main.ts')],
    ...NODE_BUNDLE,
    write: false,
    // A Worker given source text (eval) runs it as a CommonJS script.
    format: 'cjs',
  });
  const workerSource = worker.outputFiles[0]?.text;
  if (!workerSource) throw new Error('esbuild produced no simulation worker code');
  await build({
    entryPoints: [join(packageDir, 'src', 'server', 'main.ts')],
    define: { SIMULATION_WORKER_SOURCE: JSON.stringify(workerSource) },
    outfile: join(outDir, 'server', 'server.js'),
    ...NODE_BUNDLE,
    format: 'esm',
    banner: { js: REQUIRE_BANNER },
    // No source map: node runs the bundle without --enable-source-maps, so the 3.4 MB map was
    // never read, only copied onto the volume at every first start: copying the checkout onto
    // the mount took a median 385 ms with it and 321 ms without (5 copies each, alternating).
    // Debug with the sources and their tests.
    sourcemap: false,
  });
  // Without this, node would read server.js as CommonJS when the bundle is outside this repo.
  await writeFile(join(outDir, 'server', 'package.json'), '{ "type": "module" }\n');
  await writeFile(join(outDir, 'README.md'), README);
  return outDir;
}

/** The benchmark is bundled too, so it runs with plain node like the server it measures. */
export async function buildBench(outFile = join(packageDir, 'dist', 'bench', 'bench.js')): Promise<string> {
  await build({
    entryPoints: [join(packageDir, 'src', 'bench', 'main.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  });
  return outFile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = await buildBundle();
  await buildBench();
  process.stdout.write(`bundle written to ${dir}\n`);
}
