import { startBenchStack } from '../bench-stack.js';
import { measureColdStart, TLS_OFF_COLD_START } from '../cold-start.js';
import { BENCH_QUIET, waitForQuietCpu } from '../quiet-cpu.js';
import { atLeast, type ReportSection, spreadRow } from '../report-model.js';
import { smallFileWritesPerS } from '../small-writes.js';
import { measureStaticServing } from '../static-serving.js';
import { buildStaticBenchImage, STATIC_BENCH_IMAGE } from '../static-serving-image.js';
import { spreadOf } from '../stats.js';
import type { SectionContext } from './context.js';

/** The mount point of the asteroids image (GLUSTER_VOL_PATH's default for ranchervol). */
const MOUNT_POINT = '/mnt/ranchervol';
/** Files per small-write run: a few seconds through the mount. */
const SMALL_FILES = 300;
const WRK = { durationS: 5, connections: 16 } as const;

/** TLS off as a user opts out: every container, with the servers' auth.allow for this network. */
const TLS_OFF = { GLUSTER_TLS: 'off', GLUSTER_AUTH_ALLOW: '*' } as const;

interface ModeFigures {
  staticReqPerS: number[];
  writesPerS: number[];
}

async function measureMode(context: SectionContext, mode: 'on' | 'off'): Promise<ModeFigures> {
  const stack = await startBenchStack(STATIC_BENCH_IMAGE, mode === 'off' ? TLS_OFF : {});
  try {
    const writesPerS: number[] = [];
    for (let run = 0; run < context.runs; run++)
      writesPerS.push(await smallFileWritesPerS(stack.ids.asteroids, MOUNT_POINT, SMALL_FILES, run));
    const served = await measureStaticServing(stack.ids.asteroids, { runs: context.runs, ...WRK });
    context.log(`TLS ${mode}: ${JSON.stringify({ writesPerS, staticReqPerS: served.mountReqPerS })}`);
    return { staticReqPerS: served.mountReqPerS, writesPerS };
  } finally {
    await stack.remove();
  }
}

/** Median of `on` over median of `off`: what TLS leaves of the plain figure. */
function ratio(on: readonly number[], off: readonly number[]): number {
  return spreadOf(on).median / spreadOf(off).median;
}

/**
 * What TLS costs, measured in this run: the same stack with TLS on (the default) and off
 * (GLUSTER_TLS=off), one after the other, serving the game's script from the mount and writing
 * small files through it.
 */
export async function tlsSection(context: SectionContext): Promise<ReportSection> {
  await buildStaticBenchImage();
  const on = await measureMode(context, 'on');
  const off = await measureMode(context, 'off');
  const cold = await coldStarts(context);
  const goal = atLeast(0.9, '>= 0.9x (TLS costs <= 10 %)');
  return {
    title: 'TLS cost',
    rows: [
      spreadRow('nginx, game script from the mount, TLS on', on.staticReqPerS, 'req/s'),
      spreadRow('nginx, game script from the mount, TLS off', off.staticReqPerS, 'req/s'),
      spreadRow(
        'static serving, TLS on / off (medians)',
        [ratio(on.staticReqPerS, off.staticReqPerS)],
        'x',
        goal,
      ),
      spreadRow(`${SMALL_FILES} files of 4 KiB, each written and fsynced, TLS on`, on.writesPerS, 'files/s'),
      spreadRow(
        `${SMALL_FILES} files of 4 KiB, each written and fsynced, TLS off`,
        off.writesPerS,
        'files/s',
      ),
      spreadRow(
        'small-file writes, TLS on / off (medians)',
        [ratio(on.writesPerS, off.writesPerS)],
        'x',
        goal,
      ),
      spreadRow('`docker compose up -d` -> page 200 and a WebSocket join, TLS on', cold.on, 's'),
      spreadRow('`docker compose up -d` -> page 200 and a WebSocket join, TLS off', cold.off, 's'),
      spreadRow('cold start, TLS on / off (medians)', [ratio(cold.on, cold.off)], 'x'),
    ],
    notes: [
      'Two stacks of the seed (gluster01, gluster02, asteroids) started one after the other on this machine: ' +
        'first with TLS on (the default: management and I/O paths, certificates from a stack CA), then with ' +
        '`GLUSTER_TLS=off` on every container (`GLUSTER_AUTH_ALLOW=*` on the servers, their private network).',
      `Static: wrk in the asteroids container against an extra nginx with the agent's own settings serving ` +
        `\`/game.js\` from the mount (as in Static serving), ${context.runs} runs of ${WRK.durationS} s. ` +
        "nginx's open_file_cache answers most requests from memory, so this is what a player sees, not raw I/O.",
      'Cold start: as in Cold start (a new compose project from nothing, timed to the page and a join), ' +
        `TLS on and off in turn, ${context.runs} runs each, each once the CPUs are quiet; off is ` +
        '`-f docker-compose.yml -f docker-compose.tls-off.yml` with `GLUSTER_AUTH_ALLOW=*`.',
      `Small writes: ${SMALL_FILES} files of 4 KiB created, written, fsynced and closed one after the other by ` +
        `node in the asteroids container on the mount (the leaderboard's pattern), ${context.runs} runs.`,
    ],
  };
}

/** Cold starts with TLS on and off in turn, so both see the same machine. */
async function coldStarts(context: SectionContext): Promise<{ on: number[]; off: number[] }> {
  const on: number[] = [];
  const off: number[] = [];
  for (let run = 0; run < context.runs; run++) {
    for (const [mode, figures, options] of [
      ['on', on, {}],
      ['off', off, TLS_OFF_COLD_START],
    ] as const) {
      await waitForQuietCpu(BENCH_QUIET);
      const result = await measureColdStart(options);
      context.log(`cold start, TLS ${mode}, run ${run + 1}: join ${result.joinMs.toFixed(0)} ms`);
      figures.push(result.joinMs);
    }
  }
  return { on, off };
}
