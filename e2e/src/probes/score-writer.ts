import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { GapTracker, type ProbeFigures } from './gap-tracker.js';

/**
 * Why the writer is built this way: the game's own leaderboard records only at round ends (10 s
 * at the least) and keeps only the top 100, so "a score every second, every one kept" cannot go
 * through it honestly. Instead a separate FUSE client of the same volume (same peer list as the
 * asteroids container) writes one score record per second as its own file under `scores/` and
 * fsyncs it. A write counts as acknowledged only when write + fsync returned without error: that
 * is the promise a replicated volume makes, and scenario 6 checks every acknowledged record is on
 * both bricks. One long-lived `node` process inside the client receives the records on stdin:
 * a `docker exec` per write would cost a runc exec (~0.1-0.3 s of CPU) every second on a
 * 2-core machine and add its own latency to the measured gaps.
 */
const WRITER_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[1];
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const record = JSON.parse(line);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(path.join(dir, record.id + '.json'), 'wx');
    try {
      fs.writeSync(fd, JSON.stringify(record) + '\\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    process.stdout.write(JSON.stringify({ id: record.id, ok: true }) + '\\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ id: record.id, ok: false, error: String(error.message) }) + '\\n');
  }
});
`;

/** One score record; its file is `scores/<id>.json` holding this JSON and a newline. */
export interface ScoreRecord {
  id: string;
  /** Order of the write within its writer. */
  seq: number;
  value: number;
  /** Unix ms when it was sent. */
  at: number;
}

/** What the writer saw, beyond the common figures. */
export interface WriterFigures extends ProbeFigures {
  /** Records whose write + fsync succeeded, in order. */
  acknowledged: ScoreRecord[];
  /** Errors of the writes that failed (first few), for the report. */
  errors: string[];
}

/** Options of `startScoreWriter`. */
export interface ScoreWriterOptions {
  /** Directory on the FUSE mount inside the client container. */
  directory: string;
  /** One write per this many ms (default 1 s). */
  intervalMs?: number;
  /** A write not acknowledged within this long is counted failed, even if it lands later (20 s). */
  writeTimeoutMs?: number;
  /** The writer stops by itself after this long (default 10 min). */
  maxDurationMs?: number;
}

/** A running writer: `finish()` stops it and returns the acknowledged records and figures. */
export interface ScoreWriter {
  finish(): Promise<WriterFigures>;
}

interface WriteAnswer {
  id: string;
  ok: boolean;
  error?: string;
}

/** Starts the writer process in `containerId` and writes a record every `intervalMs`, one at a time. */
export function startScoreWriter(containerId: string, options: ScoreWriterOptions): ScoreWriter {
  const { intervalMs = 1_000, writeTimeoutMs = 20_000, maxDurationMs = 600_000 } = options;
  const startedAt = performance.now();
  const tracker = new GapTracker('writer', startedAt);
  const acknowledged: ScoreRecord[] = [];
  const errors: string[] = [];
  const waiting = new Map<string, (answer: WriteAnswer) => void>();
  let writer: ResultPromise | undefined;
  let writerRunning = false;
  let stopped = false;

  const spawnWriter = (): ResultPromise => {
    const child = execa(
      'docker',
      ['exec', '-i', containerId, 'node', '-e', WRITER_SCRIPT, options.directory],
      {
        stdin: 'pipe',
        reject: false,
        timeout: maxDurationMs + 60_000,
      },
    );
    writerRunning = true;
    // A writer that died (the exec broke while its container or mount was in trouble) is
    // started again on the next write.
    void child.finally(() => {
      writerRunning = false;
    });
    // Writing to a writer that just died fails with EPIPE: that write times out and counts as failed.
    child.stdin?.on('error', () => undefined);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as WriteAnswer;
      waiting.get(answer.id)?.(answer);
    });
    return child;
  };

  const writeOne = async (seq: number): Promise<void> => {
    if (!writerRunning) writer = spawnWriter();
    const record: ScoreRecord = {
      id: randomUUID(),
      seq,
      value: Math.floor(Math.random() * 100_000),
      at: Date.now(),
    };
    const answer = await new Promise<WriteAnswer>((resolve) => {
      const timer = setTimeout(
        () => resolve({ id: record.id, ok: false, error: `no answer within ${writeTimeoutMs} ms` }),
        writeTimeoutMs,
      );
      waiting.set(record.id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      writer?.stdin?.write(`${JSON.stringify(record)}\n`);
    });
    waiting.delete(record.id);
    if (answer.ok) {
      acknowledged.push(record);
      tracker.success();
    } else {
      tracker.failure();
      if (errors.length < 5) errors.push(answer.error ?? 'unknown');
    }
  };

  const loop = (async () => {
    for (let seq = 0; !stopped && performance.now() - startedAt < maxDurationMs; seq++) {
      const sent = performance.now();
      await writeOne(seq);
      await delay(Math.max(0, intervalMs - (performance.now() - sent)));
    }
  })();

  return {
    async finish() {
      stopped = true;
      await loop;
      const figures = tracker.figures();
      writer?.stdin?.end();
      // A write stuck in a hung mount would keep the exec open: give it a moment, then let go.
      const ended = await Promise.race([writer?.then(() => true), delay(5_000).then(() => false)]);
      if (!ended) writer?.kill('SIGKILL');
      return { ...figures, acknowledged, errors };
    },
  };
}
