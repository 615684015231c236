import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources; this alias lets a package import another workspace
// package by name without building it first (tsc -b uses the built declarations instead).
const alias = {
  '@gluster-asteroids/agent-runtime': fileURLToPath(
    new URL('./packages/agent-runtime/src/index.ts', import.meta.url),
  ),
};

// Three tiers, kept apart: unit (fakes, virtual time), integration (real child processes,
// real sockets on loopback) and containers (real images through a real Docker engine).
export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'containers',
          include: ['packages/*/test/containers/**/*.test.ts', 'e2e/**/*.test.ts'],
          // The HA suite is its own project (below), run after everything else.
          exclude: ['e2e/ha/**'],
          globalSetup: ['e2e/src/global-setup.ts'],
          // Containers share one 2-core engine: one file at a time keeps timings meaningful.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The seed's HA test and harsher faults (e2e/ha), `npm run test:ha`. It measures gaps
          // and stalls in seconds, so it runs last and alone: group 1 starts once every project
          // of group 0 (unit, integration, containers) is done.
          name: 'ha',
          include: ['e2e/ha/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['e2e/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
