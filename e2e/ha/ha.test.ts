import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerLogs, containerState, dockerStart } from '../src/docker-state.js';
import { type HaStack, SERVERS, startHaStack } from '../src/ha/ha-stack.js';
import { summaryRow } from '../src/ha/observe.js';
import { waitPlayable } from '../src/ha/playable.js';
import { restartAsteroids } from '../src/ha/scenarios/asteroids-restart.js';
import { bothDownAndBack } from '../src/ha/scenarios/both-down.js';
import { playInBrowser } from '../src/ha/scenarios/browser-play.js';
import { rotateCertificates } from '../src/ha/scenarios/certificate-rotation.js';
import { checkData } from '../src/ha/scenarios/data-check.js';
import { type FaultStepOptions, faultStep } from '../src/ha/scenarios/fault-step.js';
import { restartStorm } from '../src/ha/scenarios/restart-storm.js';
import { FAULTS, waitWhole } from '../src/ha/server-faults.js';
import { REPO_ROOT } from '../src/images.js';
import { describeProbes, type ProbeReport } from '../src/probes/probe-set.js';
import type { ScoreRecord } from '../src/probes/score-writer.js';
import { formatSummaryTable, type SummaryRow, writeSummaryJson } from '../src/report/summary-table.js';

// The seed's HA walkthrough and the failures it never tried, on one stack for the whole file
// (scenario 6 checks the data written during 1-5). Background probes measure every scenario
// from outside; each test prints its figures and adds a row to the summary table.

/** A graceful stop closes sockets before the brick goes: players must not see a single failure. */
const GRACEFUL_FAILED_REQUESTS = 0;
/**
 * SIGKILL: the kernel closes the sockets and clients fail over in ~0.1 s (goal: gap < 2 s). The
 * bound has slack for this shared 2-core machine, where a probe's own request can wait ~1 s.
 */
const KILL_MAX_GAP_MS = 3_000;
/**
 * A hung (paused) or cut-off server stalls client I/O until network.ping-timeout (5 s here)
 * declares it dead: ~10 s measured. With gluster's default (42 s) the stall is ~77 s, and even
 * the 20 s hold below would show it, so this bound fails if the HA option is lost. Page and
 * asset reads may not stall at all (nginx's open_file_cache and the client's caches answer without
 * the hung brick: 1.7 s measured quiet), so the bound also applies to the score writer, whose
 * writes need both bricks and wait for the ping timeout (6-10 s measured).
 */
const HUNG_MAX_GAP_MS = 12_000;
/** How long the hang and the cut last: well past the bound above. */
const HANG_HOLD_MS = 20_000;
/** Graceful stop and SIGKILL: long enough for many probe requests against one server. */
const FAULT_HOLD_MS = 6_000;
/**
 * asteroids restart with gluster01 down -> playable: the seed took 12 s; ours ~2.8 s on a quiet
 * machine (README, bench:asteroids). The bound is generous because this 2-core machine is shared
 * (a bare `docker run` took 4 s under load); it still fails when the mount waits for gluster01.
 */
const ASTEROIDS_RESTART_MAX_MS = 30_000;
/**
 * Both servers back -> playable without restarting asteroids: the seed took 3-6 s, ours ~3.8 s
 * quiet. Most of it is the servers' own start, which this shared machine stretches to 20-30 s
 * (load average 25-45 measured), so the absolute bound is generous and the client's own share
 * (playable minus both servers ready) is bounded separately: a watchdog that remounted late or
 * backed off too long fails that one.
 */
const BOTH_BACK_MAX_MS = 45_000;
const BOTH_BACK_CLIENT_SHARE_MAX_MS = 15_000;
/** Both down: the storage-down page must come at once and never hang. */
const FIRST_503_MAX_MS = 10_000;
const SLOWEST_503_MAX_MS = 1_000;
/** Rounds of the restart storm: every stack container restarted this many times. */
const STORM_ROUNDS = 2;
/** Storm over -> converged, playable, healed. */
const STORM_RECOVERY_MAX_MS = 120_000;

const SUMMARY_JSON = join(REPO_ROOT, 'dist/reports/e2e-summary.json');
const SCREENSHOT = join(REPO_ROOT, 'dist/artifacts/ha-browser-gluster02-stopped.png');
const LOG_DIR = join(REPO_ROOT, 'dist/artifacts/ha-logs');

let stack: HaStack | undefined;
const ledger: ScoreRecord[] = [];
const rows: SummaryRow[] = [];

beforeAll(async () => {
  const started = performance.now();
  // Rounds of 20 s instead of 180 s: the game writes its leaderboard at every round end, so it
  // writes to the volume during the scenarios too, and scenario 6 compares that file on both bricks.
  stack = await startHaStack({ asteroidsEnv: { GAME_ROUND_S: '20' } });
  await waitPlayable(stack, 30_000);
  console.log(`stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  if (rows.length > 0) {
    console.log(`\n${formatSummaryTable(rows)}\n`);
    await writeSummaryJson(rows, SUMMARY_JSON);
  }
  // What the containers said, before they are removed: the only trace of why a scenario failed.
  // The tail goes to the test output, the whole log to dist/artifacts/ha-logs/<name>.log.
  if (stack && rows.some((row) => row.result === 'fail')) {
    const containers = {
      ...Object.fromEntries(SERVERS.map((alias) => [alias, ha().serverId(alias)])),
      asteroids: ha().asteroids.id,
    };
    await mkdir(LOG_DIR, { recursive: true });
    for (const [name, id] of Object.entries(containers)) {
      const state = await containerState(id).catch(() => undefined);
      const log = await containerLogs(id).catch(() => '');
      await writeFile(join(LOG_DIR, `${name}.log`), log);
      const tail = log.split('\n').slice(-15).join('\n');
      console.log(`--- ${name}: ${JSON.stringify(state)} (whole log: ${LOG_DIR}/${name}.log)\n${tail}`);
    }
  }
  await stack?.stop();
});

function ha(): HaStack {
  if (!stack) throw new Error('the stack did not start');
  return stack;
}

/**
 * Runs one scenario test; a scenario that throws before it measured still gets a failed row,
 * so the summary always lists every scenario.
 */
async function scenario(name: string, body: () => Promise<void>): Promise<void> {
  const before = rows.length;
  try {
    await body();
  } catch (error) {
    if (rows.length === before) {
      rows.push({
        scenario: name,
        result: 'fail',
        failedRequests: null,
        longestGapMs: null,
        recoveryMs: null,
      });
    }
    throw error;
  }
}

/** Adds the row (failed until `check` passes), prints it and the probes, then runs the assertions. */
function record(row: SummaryRow, probes: ProbeReport | undefined, check: () => void): void {
  rows.push(row);
  console.log(
    `${row.scenario}: ${JSON.stringify(row.detail)}${probes ? `\n  ${describeProbes(probes)}` : ''}`,
  );
  check();
  row.result = 'pass';
}

/**
 * One fault of one server as a scenario: the step under the probes, its summary row (with the
 * step's own findings), the checks every fault step must pass (a new player got in during the
 * fault, the stack was whole again after the repair), then the scenario's own `check`.
 */
function faultScenario(
  name: string,
  options: FaultStepOptions,
  check: (row: SummaryRow, probes: ProbeReport) => void,
): Promise<void> {
  return scenario(name, async () => {
    const { probes, outcome } = await faultStep(ha(), ledger, options);
    const row = summaryRow(name, probes, outcome.recoveryMs, {
      injectMs: Math.round(outcome.injectMs),
      playableDuringFault: outcome.playableDuringFault,
      ...(outcome.notPlayable ? { notPlayable: outcome.notPlayable } : {}),
      ...(outcome.notWhole ? { notWhole: outcome.notWhole } : {}),
    });
    record(row, probes, () => {
      expect(outcome.playableDuringFault, outcome.notPlayable).toBe(true);
      expect(outcome.notWhole).toBeUndefined();
      check(row, probes);
    });
  });
}

// Tests in one file run in order (vitest runs a file's tests sequentially unless told otherwise).
describe('high availability of the stack of docker-compose.yml', () => {
  it('1a keeps the game playable, 0 failed requests, while gluster02 is stopped gracefully and started again, then heals', () =>
    faultScenario(
      '1a stop/start gluster02',
      { fault: FAULTS.graceful, alias: 'gluster02', holdMs: FAULT_HOLD_MS },
      (row, probes) => {
        expect(row.failedRequests).toBe(GRACEFUL_FAILED_REQUESTS);
        expect(probes.writer.failed).toBe(0);
      },
    ));

  it('1b keeps the game playable, 0 failed requests, while gluster01 (the mount server) is stopped gracefully', () =>
    faultScenario(
      '1b stop gluster01',
      { fault: FAULTS.graceful, alias: 'gluster01', holdMs: FAULT_HOLD_MS, repair: false },
      (row, probes) => {
        expect(row.failedRequests).toBe(GRACEFUL_FAILED_REQUESTS);
        expect(probes.writer.failed).toBe(0);
      },
    ));

  it('1c serves the game again within seconds when asteroids restarts while gluster01 is stopped', () =>
    scenario('1c restart asteroids, gluster01 down', async () => {
      const { probes, outcome } = await restartAsteroids(ha(), ledger);
      const row = summaryRow('1c restart asteroids, gluster01 down', probes, outcome.recoveryMs, {
        stopMs: Math.round(outcome.stopMs),
      });
      console.log(
        `asteroids playable ${(outcome.recoveryMs / 1000).toFixed(2)} s after docker start (seed: 12 s)`,
      );
      record(row, probes, () => expect(outcome.recoveryMs).toBeLessThan(ASTEROIDS_RESTART_MAX_MS));
    }));

  it('1d answers 503 at once with both servers down, /readyz says storage, and recovers without restarting asteroids', () =>
    scenario('1d both down, both back', async () => {
      const { probes, outcome } = await bothDownAndBack(ha(), ledger);
      const row = summaryRow('1d both down, both back', probes, outcome.recoveryMs, {
        first503Ms: Math.round(outcome.first503Ms),
        slowest503Ms: Math.round(outcome.slowestWhileDownMs),
        readyzWhileDown: outcome.readyz.status,
        serversReadyMs: Math.round(outcome.serversReadyMs),
        asteroidsRestarted: outcome.asteroidsRestarted,
      });
      console.log(
        `503 after ${(outcome.first503Ms / 1000).toFixed(2)} s; playable again ${(outcome.recoveryMs / 1000).toFixed(2)} s ` +
          `after both started (both servers ready after ${(outcome.serversReadyMs / 1000).toFixed(2)} s), ` +
          `asteroids not restarted (seed: 3-6 s); /readyz: ${outcome.readyz.body}`,
      );
      record(row, probes, () => {
        expect(outcome.first503Ms).toBeLessThan(FIRST_503_MAX_MS);
        expect(outcome.statusesWhileDown).toEqual(outcome.statusesWhileDown.map(() => 503));
        expect(outcome.slowestWhileDownMs).toBeLessThan(SLOWEST_503_MAX_MS);
        expect(outcome.readyz.status).toBe(503);
        expect(outcome.readyz.body).toMatch(/storage/i);
        expect(outcome.asteroidsRestarted).toBe(false);
        expect(outcome.recoveryMs).toBeLessThan(BOTH_BACK_MAX_MS);
        expect(outcome.recoveryMs - outcome.serversReadyMs).toBeLessThan(BOTH_BACK_CLIENT_SHARE_MAX_MS);
      });
    }));

  it('2 keeps serving through a SIGKILL of gluster01 with no failed request and a short gap', () =>
    faultScenario(
      '2 SIGKILL gluster01',
      { fault: FAULTS.kill, alias: 'gluster01', holdMs: FAULT_HOLD_MS },
      (row) => {
        expect(row.failedRequests).toBe(0);
        expect(row.longestGapMs).toBeLessThan(KILL_MAX_GAP_MS);
      },
    ));

  it('3 stalls page and asset requests no longer than network.ping-timeout promises while gluster01 hangs', () =>
    faultScenario(
      '3 hung gluster01 (pause)',
      { fault: FAULTS.hang, alias: 'gluster01', holdMs: HANG_HOLD_MS },
      (row, probes) => {
        expect(row.longestGapMs).toBeLessThanOrEqual(HUNG_MAX_GAP_MS);
        expect(probes.writer.longestGapMs).toBeLessThanOrEqual(HUNG_MAX_GAP_MS);
      },
    ));

  it('4 stalls no longer than network.ping-timeout promises while gluster02 is cut off the network, then heals', () =>
    faultScenario(
      '4 network cut gluster02',
      { fault: FAULTS.cut, alias: 'gluster02', holdMs: HANG_HOLD_MS },
      (row, probes) => {
        expect(row.longestGapMs).toBeLessThanOrEqual(HUNG_MAX_GAP_MS);
        expect(probes.writer.longestGapMs).toBeLessThanOrEqual(HUNG_MAX_GAP_MS);
      },
    ));

  it('5 converges after a restart storm: one peer each in cluster, volume started, both bricks, game back', () =>
    scenario('5 restart storm', async () => {
      const { probes, outcome } = await restartStorm(ha(), ledger, { rounds: STORM_ROUNDS });
      const row = summaryRow('5 restart storm', probes, outcome.recoveryMs, {
        seed: outcome.seed,
        restarts: outcome.order.length,
        ...(Object.keys(outcome.unaskedExits).length > 0
          ? { unaskedExits: JSON.stringify(outcome.unaskedExits) }
          : {}),
      });
      console.log(
        `storm (seed ${outcome.seed}): ${outcome.order.join(' ')}; peers ${JSON.stringify(outcome.views.map((v) => v.peers))}`,
      );
      record(row, probes, () => {
        for (const view of outcome.views) {
          expect(view.peers).toHaveLength(SERVERS.length - 1);
          expect(view.peers[0]).toMatchObject({ state: 3, connected: true });
          expect(view.volumeStatus).toBe('Started');
          expect(view.bricksOnline).toBe(SERVERS.length);
        }
        expect(outcome.recoveryMs).toBeLessThan(STORM_RECOVERY_MAX_MS);
        // Exit codes of every exit, of containers that exited more often than they were restarted.
        expect(outcome.unaskedExits).toEqual({});
      });
    }));

  it('5b rotates every server certificate one node at a time (SIGHUP) under load with 0 failed requests', () =>
    scenario('5b certificate rotation', async () => {
      const { probes, outcome } = await rotateCertificates(ha(), ledger);
      const slowest = Math.max(...outcome.servers.map((server) => server.renewedMs + server.wholeMs));
      const row = summaryRow('5b certificate rotation', probes, slowest, {
        renewedMs: outcome.servers.map((server) => Math.round(server.renewedMs)).join('/'),
        wholeMs: outcome.servers.map((server) => Math.round(server.wholeMs)).join('/'),
      });
      record(row, probes, () => {
        for (const server of outcome.servers) {
          expect(server.after, `${server.alias} issued itself a new certificate`).not.toBe(server.before);
          expect(server.brickPresents, `${server.alias}'s brick uses the new one`).toBe(server.after);
        }
        expect(row.failedRequests).toBe(0);
        expect(probes.writer.failed).toBe(0);
        expect(probes.player.failed).toBe(0);
      });
    }));

  it('5c replaces gluster02, lost with its brick and state, by an empty container under the same name, with 0 failed requests', () =>
    faultScenario(
      '5c gluster02 lost, replaced',
      { fault: FAULTS.lost, alias: 'gluster02', holdMs: FAULT_HOLD_MS },
      (row) => {
        // Removal is a SIGKILL of everything in the container: the same bound as scenario 2.
        expect(row.failedRequests).toBe(0);
        expect(row.longestGapMs).toBeLessThan(KILL_MAX_GAP_MS);
      },
    ));

  it('6 keeps every acknowledged score write on both bricks after heal, with no split-brain and one leaderboard', () =>
    scenario('6 data on both bricks', async () => {
      const outcome = await checkData(ha(), ledger);
      const missing = Object.values(outcome.missing).reduce((sum, ids) => sum + ids.length, 0);
      const row: SummaryRow = {
        scenario: '6 data on both bricks',
        result: 'fail',
        failedRequests: missing,
        longestGapMs: 0,
        recoveryMs: null,
        detail: {
          acknowledged: outcome.acknowledged,
          missing,
          unacknowledgedOnBricks: outcome.unacknowledgedOnBricks,
          splitBrain: outcome.splitBrain,
          leaderboard: outcome.leaderboard.gluster01 === 'absent' ? 'absent' : 'present',
          leaderboardIdentical: outcome.leaderboardIdentical,
        },
      };
      record(row, undefined, () => {
        expect(outcome.acknowledged).toBeGreaterThan(60);
        expect(outcome.missing).toEqual({ gluster01: [], gluster02: [] });
        expect(outcome.splitBrain).toBe(0);
        expect(outcome.leaderboardIdentical).toBe(true);
      });
    }));

  it('7 lets a real browser play the game from the asteroids container while gluster02 is stopped', () =>
    scenario('7 browser, gluster02 down', async () => {
      await FAULTS.graceful.inject(ha(), 'gluster02');
      const outcome = await playInBrowser(ha().gameUrl('/'), SCREENSHOT);
      await dockerStart(ha().serverId('gluster02'));
      const recoveryMs = await waitWhole(ha(), 120_000);
      const row: SummaryRow = {
        scenario: '7 browser, gluster02 down',
        result: 'fail',
        failedRequests: outcome.pageErrors.length,
        longestGapMs: 0,
        recoveryMs,
        detail: {
          connection: outcome.connection,
          ships: outcome.ships,
          asteroids: outcome.asteroids,
          flewPx: outcome.flewPx,
          paintedPixels: outcome.paintedPixels,
          screenshot: outcome.screenshot,
        },
      };
      record(row, undefined, () => {
        expect(outcome.connection).toBe('open');
        expect(outcome.playerId).toBeTypeOf('number');
        expect(outcome.ships).toBeGreaterThanOrEqual(1);
        expect(outcome.asteroids).toBeGreaterThan(0);
        expect(outcome.flewPx).toBeGreaterThan(30);
        expect(outcome.paintedPixels).toBeGreaterThan(1_000);
        expect(outcome.scoreboardShowsPilot).toBe(true);
        expect(outcome.pageErrors).toEqual([]);
      });
    }));
});
