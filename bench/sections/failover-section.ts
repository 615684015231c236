import { type HaStack, type HaStackOptions, startHaStack } from '../../e2e/src/ha/ha-stack.js';
import { summaryRow } from '../../e2e/src/ha/observe.js';
import { faultStep } from '../../e2e/src/ha/scenarios/fault-step.js';
import { FAULTS, type Fault } from '../../e2e/src/ha/server-faults.js';
import type { ScoreRecord } from '../../e2e/src/probes/score-writer.js';
import type { SummaryRow } from '../../e2e/src/report/summary-table.js';
import { e2eSummaryRows } from '../e2e-summary.js';
import {
  atMost,
  failureReason,
  type Goal,
  type ReportRow,
  type ReportSection,
  spreadRow,
} from '../report-model.js';
import type { SectionContext } from './context.js';
import { startToServingRows } from './start-to-serving-section.js';

/** How long each fault lasts: past the SIGKILL failover and past the hung-node stall (~10 s). */
const HOLD_MS = { graceful: 6_000, kill: 6_000, hang: 20_000 } as const;
/**
 * With gluster's default network.ping-timeout (42 s) a hang stalls clients ~77 s: the hold must
 * outlast that, or the figure would only be the hold.
 */
const DEFAULT_OPTIONS_HANG_HOLD_MS = 100_000;
/** gluster's own default, overriding the agent's 5 s, for the side-by-side hang. */
const GLUSTER_DEFAULT_OPTIONS: HaStackOptions = {
  glusterEnv: { GLUSTER_VOLUME_OPTIONS: 'network.ping-timeout=42' },
};

/** The faults measured, each with the goal for the longest gap. */
const MEASURED: readonly { key: keyof typeof HOLD_MS; fault: Fault; gapGoal: Goal; failedGoal?: Goal }[] = [
  { key: 'graceful', fault: FAULTS.graceful, gapGoal: atMost(999, '< 1 s'), failedGoal: atMost(0, '0') },
  { key: 'kill', fault: FAULTS.kill, gapGoal: atMost(1_999, '< 2 s') },
  { key: 'hang', fault: FAULTS.hang, gapGoal: atMost(10_000, '<= 10 s') },
];

/**
 * The score writer's longest gap: nginx serves the page and assets from its open file cache, so
 * a stalled volume shows first (and sometimes only) in writes.
 */
function writerGapMs(row: SummaryRow): number | null {
  const gap = row.detail?.writerLongestGapMs;
  return typeof gap === 'number' ? gap : null;
}

async function withStack<T>(options: HaStackOptions, use: (stack: HaStack) => Promise<T>): Promise<T> {
  const stack = await startHaStack(options);
  try {
    return await use(stack);
  } finally {
    await stack.stop();
  }
}

/** A row's figures for the log; not its pass/fail, which a benchmark never judges. */
function figuresOf({ failedRequests, longestGapMs, recoveryMs, detail }: SummaryRow): string {
  return JSON.stringify({ failedRequests, longestGapMs, recoveryMs, detail });
}

async function measureFault(stack: HaStack, fault: Fault, holdMs: number): Promise<SummaryRow> {
  const ledger: ScoreRecord[] = [];
  const { probes, outcome } = await faultStep(stack, ledger, { fault, alias: 'gluster01', holdMs });
  return summaryRow(fault.name, probes, outcome.recoveryMs);
}

/**
 * The e2e HA scenarios' fault steps, as benchmark figures: `runs` rounds of graceful stop,
 * SIGKILL and hang of gluster01 on one stack (the agent's HA options), then one hang on a second
 * stack with gluster's default ping timeout, for the gain. Probes from outside: page and asset
 * GETs every 100 ms, a WebSocket player, a score writer on the volume.
 */
export async function failoverRows(context: SectionContext): Promise<{ rows: ReportRow[]; notes: string[] }> {
  const measured = new Map<string, SummaryRow[]>(MEASURED.map((entry) => [entry.key, []]));
  await withStack({}, async (stack) => {
    for (let run = 0; run < context.runs; run++) {
      for (const entry of MEASURED) {
        const row = await measureFault(stack, entry.fault, HOLD_MS[entry.key]);
        context.log(`failover ${entry.fault.name} ${run + 1}: ${figuresOf(row)}`);
        measured.get(entry.key)?.push(row);
      }
    }
  });
  const defaults = await withStack(GLUSTER_DEFAULT_OPTIONS, (stack) =>
    measureFault(stack, FAULTS.hang, DEFAULT_OPTIONS_HANG_HOLD_MS),
  );
  context.log(`failover hang with gluster defaults: ${figuresOf(defaults)}`);
  const rows = MEASURED.flatMap((entry) => {
    const runs = measured.get(entry.key) ?? [];
    const name = `gluster01 ${entry.fault.name}`;
    return [
      spreadRow(
        `${name}: failed page/asset requests`,
        runs.map((r) => r.failedRequests),
        '',
        entry.failedGoal,
      ),
      spreadRow(
        `${name}: longest gap without an answer`,
        runs.map((r) => r.longestGapMs),
        's',
        entry.gapGoal,
      ),
      spreadRow(`${name}: longest gap between acknowledged writes to the volume`, runs.map(writerGapMs), 's'),
    ];
  });
  rows.push(
    spreadRow("gluster01 docker pause, gluster's default options: longest gap", [defaults.longestGapMs], 's'),
    spreadRow(
      "gluster01 docker pause, gluster's default options: longest gap between writes",
      [writerGapMs(defaults)],
      's',
    ),
  );
  return {
    rows,
    notes: [
      'Graceful stop (`docker stop`), SIGKILL (`docker kill`) and hang (`docker pause`) of gluster01: the e2e HA ' +
        "suite's fault steps (`e2e/src/ha`), on the stack of docker-compose.yml on its own network, while " +
        'probes outside it GET the page and `/game.js` every 100 ms (20 s timeout each), keep a WebSocket player ' +
        'in the game and write scores to the volume through a FUSE client of its own (one write after the other). ' +
        'nginx serves the page and assets from its open file cache, so a stalled volume shows most in the writes. ' +
        'Each fault is held (graceful and SIGKILL 6 s, hang 20 s), ' +
        `repaired and the stack waited whole (heal done) before the next; ${context.runs} rounds.`,
      "The default-options row is the same hang on a second stack whose volume keeps gluster's own " +
        `network.ping-timeout (42 s instead of the agent's 5 s), held ${DEFAULT_OPTIONS_HANG_HOLD_MS / 1000} s, ` +
        `measured once (it takes minutes): ${defaults.failedRequests ?? '-'} failed requests, recovery ` +
        `${((defaults.recoveryMs ?? Number.NaN) / 1000).toFixed(1)} s after unpause.`,
    ],
  };
}

/** When the fault steps could not run here: the e2e suite's last figures, labelled as such. */
async function lastE2eSummary(): Promise<{ rows: ReportRow[]; notes: string[] } | undefined> {
  const rows = await e2eSummaryRows();
  if (!rows) return undefined;
  return {
    rows,
    notes: [
      `Rows marked "not this run" are read from \`dist/reports/e2e-summary.json\`, written by the e2e HA suite.`,
    ],
  };
}

/** Section 3 and what could not be measured in it (the two parts are measured independently). */
export interface FailoverSection {
  section: ReportSection;
  failures: string[];
}

/** Section 3: failover figures of the HA fault steps and of the client-agent benchmark, one table. */
export async function failoverSection(context: SectionContext): Promise<FailoverSection> {
  const failures: string[] = [];
  const part = async <T extends { rows: ReportRow[] }>(name: string, measure: () => Promise<T>) => {
    try {
      return await measure();
    } catch (error) {
      failures.push(`${name}: ${failureReason(error)}`);
      context.log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  };
  const faults = (await part('HA fault steps', () => failoverRows(context))) ?? (await lastE2eSummary());
  const restarts = await part('asteroids restart and recovery', () => startToServingRows(context));
  return {
    section: {
      title: 'Failover',
      rows: [...(faults?.rows ?? []), ...(restarts?.rows ?? [])],
      notes: [...(faults?.notes ?? []), ...(restarts ? [restarts.note] : [])],
      ...(failures.length > 0 ? { error: `part of it failed: ${failures.join('; ')}` } : {}),
    },
    failures,
  };
}
