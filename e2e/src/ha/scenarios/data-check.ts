import { createHash } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import type { ScoreRecord } from '../../probes/score-writer.js';
import { BRICK, type HaStack, SERVERS, VOLUME } from '../ha-stack.js';
import { waitWhole } from '../server-faults.js';
import { splitBrainCount } from '../volume-health.js';

/** What one brick holds of the data the scenarios wrote. */
export interface BrickData {
  alias: string;
  /** Score records found under `scores/` on the brick, by id. */
  records: Map<string, ScoreRecord>;
  /** sha256 of the game's `asteroids/leaderboard/leaderboard.json` on the brick, or 'absent'. */
  leaderboardSha256: string;
}

/** The verdict on every acknowledged write. */
export interface DataCheckOutcome {
  acknowledged: number;
  /** Acknowledged records missing (or different) on each brick: must be empty. */
  missing: Record<string, string[]>;
  /** Records on a brick whose write was not acknowledged (timed out but landed): informative. */
  unacknowledgedOnBricks: number;
  splitBrain: number;
  leaderboard: Record<string, string>;
  leaderboardIdentical: boolean;
}

/**
 * Reads the data straight from a brick (not through a client): every `scores/*.json` and the
 * leaderboard. Only `scores/` and `asteroids/` are read, so gluster's `.glusterfs` tree is skipped.
 */
export async function readBrick(node: StartedTestContainer, alias: string): Promise<BrickData> {
  // A fixed script; the brick path is an argument, never spliced into the shell text.
  const scores = await node.exec([
    'sh',
    '-c',
    'find "$1/scores" -maxdepth 1 -name "*.json" -exec cat {} +',
    'sh',
    BRICK,
  ]);
  if (scores.exitCode !== 0) throw new Error(`reading ${alias}:${BRICK}/scores failed: ${scores.output}`);
  const records = new Map<string, ScoreRecord>();
  for (const line of scores.stdout.split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as ScoreRecord;
    records.set(record.id, record);
  }
  return { alias, records, leaderboardSha256: await leaderboardSha256(node) };
}

async function leaderboardSha256(node: StartedTestContainer): Promise<string> {
  const board = await node.exec(['cat', `${BRICK}/asteroids/leaderboard/leaderboard.json`]);
  return board.exitCode === 0 ? createHash('sha256').update(board.stdout).digest('hex') : 'absent';
}

function sameRecord(a: ScoreRecord, b: ScoreRecord | undefined): boolean {
  return b !== undefined && a.seq === b.seq && a.value === b.value && a.at === b.at;
}

/**
 * After heal pending is 0 on both servers: every acknowledged record must be on both bricks,
 * byte for byte the same fields; split-brain entries are counted; the game's leaderboard file
 * must be identical on both bricks.
 */
export async function checkData(
  stack: HaStack,
  ledger: readonly ScoreRecord[],
  timeoutMs = 120_000,
): Promise<DataCheckOutcome> {
  await waitWhole(stack, timeoutMs);
  const bricks = await Promise.all(SERVERS.map((alias) => readBrick(stack.cluster.node(alias), alias)));
  const missing: Record<string, string[]> = {};
  const everywhere = new Set<string>();
  for (const brick of bricks) {
    missing[brick.alias] = ledger
      .filter((record) => !sameRecord(record, brick.records.get(record.id)))
      .map((r) => r.id);
    for (const id of brick.records.keys()) everywhere.add(id);
  }
  const acknowledgedIds = new Set(ledger.map((record) => record.id));
  const leaderboard = await settledLeaderboard(stack, bricks);
  return {
    acknowledged: ledger.length,
    missing,
    unacknowledgedOnBricks: [...everywhere].filter((id) => !acknowledgedIds.has(id)).length,
    splitBrain: await splitBrainCount(stack.cluster.node('gluster01'), VOLUME),
    leaderboard,
    leaderboardIdentical: new Set(Object.values(leaderboard)).size === 1,
  };
}

/** Reads of the leaderboard before giving up on the bricks agreeing, and the pause between them. */
const LEADERBOARD_READS = 6;
const LEADERBOARD_READ_PAUSE_MS = 1_000;

/**
 * The leaderboard's hash on each brick, read again until the bricks agree. The game keeps playing
 * and rewrites the file at every round end (20 s here); a rewrite landing between the two bricks'
 * reads gives two hashes once, never again a second later. Bricks that really diverged (a heal
 * that did not happen) keep differing for all six reads, so the check still fails on them.
 */
async function settledLeaderboard(
  stack: HaStack,
  bricks: readonly BrickData[],
): Promise<Record<string, string>> {
  let hashes = Object.fromEntries(bricks.map((brick) => [brick.alias, brick.leaderboardSha256]));
  for (let read = 1; new Set(Object.values(hashes)).size > 1 && read < LEADERBOARD_READS; read++) {
    await new Promise((resolve) => setTimeout(resolve, LEADERBOARD_READ_PAUSE_MS));
    const again = await Promise.all(SERVERS.map((alias) => leaderboardSha256(stack.cluster.node(alias))));
    hashes = Object.fromEntries(SERVERS.map((alias, i) => [alias, again[i] ?? 'absent']));
  }
  return hashes;
}
