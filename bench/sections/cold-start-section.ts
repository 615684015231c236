import { type ColdStartRun, measureColdStart } from '../cold-start.js';
import { BENCH_QUIET as QUIET, type QuietCpuResult, waitForQuietCpu } from '../quiet-cpu.js';
import { atMost, type ReportSection, spreadRow } from '../report-model.js';
import type { SectionContext } from './context.js';

/** What section 6 reuses: agent start -> child started, read from the cold starts' containers. */
export interface ColdStartSection {
  section: ReportSection;
  runs: ColdStartRun[];
}

/** Section 1: `docker compose up` from nothing (images built) to the page and a game join. */
export async function coldStartSection(context: SectionContext): Promise<ColdStartSection> {
  const runs: ColdStartRun[] = [];
  const quiet: QuietCpuResult[] = [];
  for (let run = 0; run < context.runs; run++) {
    quiet.push(await waitForQuietCpu(QUIET));
    const result = await measureColdStart();
    context.log(
      `cold start ${run + 1}: page ${result.pageMs.toFixed(0)} ms, join ${result.joinMs.toFixed(0)} ms`,
    );
    runs.push(result);
  }
  const busyStarts = quiet.filter((q) => !q.quiet).length;
  return {
    runs,
    section: {
      title: 'Cold start',
      rows: [
        spreadRow(
          '`docker compose up -d` -> first HTTP 200 of the page',
          runs.map((r) => r.pageMs),
          's',
        ),
        spreadRow(
          '`docker compose up -d` -> page 200 and a WebSocket join answered',
          runs.map((r) => r.joinMs),
          's',
          atMost(7_000, '<= 7 s'),
        ),
      ],
      notes: [
        'Each run is a new compose project (`docker compose -p ga-test-<random> up -d --no-build`, ' +
          '`GA_TAG=dev`, `BIND_ADDRESS=127.0.0.1`) with fresh named volumes: the cluster forms, the volume is ' +
          'created, the client mounts it and installs the game. Timed from the start of the command; the ' +
          'page is polled every 50 ms, then a WebSocket join through nginx (`/ws`) must get its welcome. ' +
          '`down -v` between runs.',
        `Each run starts once the CPUs were less than ${QUIET.busyBelow * 100} % busy over ${QUIET.windowMs / 1000} s ` +
          `(waited ${quiet.map((q) => (q.waitedMs / 1000).toFixed(1)).join(', ')} s), so it does not also time the ` +
          "previous run's clean-up or the image build" +
          (busyStarts > 0
            ? `; ${busyStarts} run(s) started on a busy machine after ${QUIET.maxWaitMs / 1000} s.`
            : '.'),
        "For reference, the seed's scripts rebuilt on gluster 11 took 21 s on this machine (their `sleep`s " +
          'and `ping -c 10`, plus a client restart because the volume was not there yet); not re-measured here.',
      ],
    },
  };
}
