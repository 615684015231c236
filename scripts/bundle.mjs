#!/usr/bin/env node
// Bundles agent entry points with their dependencies into one ESM file each (esbuild), so images
// carry a single .mjs and no node_modules. Usage: node scripts/bundle.mjs --all | NAME [NAME...]
import { build } from 'esbuild';

/** Entry points by bundle name; output is dist/bundles/NAME.mjs. */
const ENTRIES = {
  supervise: 'packages/agent-runtime/src/bin/supervise.ts',
  healthcheck: 'packages/agent-runtime/src/bin/healthcheck.ts',
  'gluster-agent': 'packages/gluster-agent/src/main.ts',
  'client-agent': 'packages/client-agent/src/main.ts',
};

const args = process.argv.slice(2);
const names = args[0] === '--all' ? Object.keys(ENTRIES) : args;
const unknown = names.filter((name) => !(name in ENTRIES));
if (names.length === 0 || unknown.length > 0) {
  console.error(`usage: node scripts/bundle.mjs NAME...; known bundles: ${Object.keys(ENTRIES).join(', ')}`);
  process.exit(2);
}

for (const name of names) {
  await build({
    entryPoints: [ENTRIES[name]],
    outfile: `dist/bundles/${name}.mjs`,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Minified: V8 keeps every function's source, so a smaller bundle is less resident memory
    // (and parses faster). keepNames keeps class names, which errors and logs show.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __gaCreateRequire } from 'node:module'; const require = __gaCreateRequire(import.meta.url);",
    },
    // Workspace packages from source, as vitest does: no `tsc -b` needed before bundling.
    alias: { '@gluster-asteroids/agent-runtime': './packages/agent-runtime/src/index.ts' },
    logLevel: 'warning',
  });
  console.log(`bundled dist/bundles/${name}.mjs`);
}
