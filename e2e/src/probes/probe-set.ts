import { startHttpGapProbe } from '../http-gap-probe.js';
import type { ProbeFigures } from './gap-tracker.js';
import { type PlayerFigures, startPlayerProbe } from './player-probe.js';
import { startScoreWriter, type WriterFigures } from './score-writer.js';

/** HTTP probes: one request, then this pause, then the next (at most 10 requests a second each). */
export const PROBE_INTERVAL_MS = 100;
/**
 * Per-request timeout: longer than the longest stall a hung server may cause with
 * network.ping-timeout 5 (~10 s), so a stall is measured as a slow success, while a request
 * that takes longer still ends as a failure and cannot hold the scenario.
 */
export const PROBE_REQUEST_TIMEOUT_MS = 20_000;

/** Where the probes aim. URLs are functions: a restarted container may get new host ports. */
export interface ProbeTargets {
  /** The game page (`/`). */
  pageUrl: () => string;
  /** A game asset served from the volume (`/game.js`). */
  assetUrl: () => string;
  /** The game's WebSocket (`/ws`). */
  wsUrl: () => string;
  /** Container holding the writer's FUSE mount, and the directory for score records on it. */
  writer: { containerId: string; directory: string };
  /** Every probe stops by itself after this long, whatever the caller does (default 5 min). */
  maxDurationMs?: number;
}

/** What every probe saw during one scenario. */
export interface ProbeReport {
  page: ProbeFigures;
  asset: ProbeFigures;
  player: PlayerFigures;
  writer: WriterFigures;
}

/** The running probes of one scenario. */
export interface ProbeSet {
  finish(): Promise<ProbeReport>;
}

/**
 * Starts the four background probes the HA scenarios measure with, from outside the stack:
 * page and asset GETs every 100 ms, one WebSocket player, and a score writer on the volume.
 */
export function startProbes(targets: ProbeTargets): ProbeSet {
  const maxDurationMs = targets.maxDurationMs ?? 300_000;
  const http = { intervalMs: PROBE_INTERVAL_MS, timeoutMs: PROBE_REQUEST_TIMEOUT_MS, maxDurationMs };
  const page = startHttpGapProbe(targets.pageUrl, { ...http, name: 'page' });
  const asset = startHttpGapProbe(targets.assetUrl, { ...http, name: 'asset' });
  const player = startPlayerProbe(targets.wsUrl, { maxDurationMs });
  const writer = startScoreWriter(targets.writer.containerId, {
    directory: targets.writer.directory,
    maxDurationMs,
  });
  return {
    async finish() {
      const [pageFigures, assetFigures, playerFigures, writerFigures] = await Promise.all([
        page.finish(),
        asset.finish(),
        player.finish(),
        writer.finish(),
      ]);
      return { page: pageFigures, asset: assetFigures, player: playerFigures, writer: writerFigures };
    },
  };
}

/** One line per probe for the test log. */
export function describeProbes(report: ProbeReport): string {
  const { page, asset, player, writer } = report;
  const line = (f: ProbeFigures) =>
    `${f.name}: ${f.failed}/${f.attempts} failed, longest gap ${f.longestGapMs} ms`;
  return [
    line(page),
    line(asset),
    `${line(player)}, ${player.welcomes} welcomes${player.closes.length > 0 ? `, closes ${player.closes.slice(0, 5).join('; ')}` : ''}`,
    `${line(writer)}, ${writer.acknowledged.length} acknowledged${writer.errors.length > 0 ? `, errors ${writer.errors.join('; ')}` : ''}`,
  ].join('\n  ');
}
