import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../shared/protocol/server-messages.js';
import { createMetrics } from '../metrics.js';
import { ManualClock } from '../simulation/manual-clock.js';
import { mergeBoards, parseBoard } from './board.js';
import type { LeaderboardStorage } from './file-storage.js';
import { LeaderboardService } from './service.js';

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** The board file in memory; `writeError` / `readError` make the next calls fail. */
function memoryStorage() {
  const s = {
    text: undefined as string | undefined,
    writeError: undefined as Error | undefined,
    readError: undefined as Error | undefined,
  };
  const storage: LeaderboardStorage = {
    read: async () => {
      if (s.readError) throw s.readError;
      return s.text;
    },
    writeAtomic: async (text) => {
      if (s.writeError) throw s.writeError;
      s.text = text;
    },
    moveAside: async () => 'aside',
    lock: async () => async () => undefined,
    removeStaleTemps: async () => [],
  };
  return { s, storage };
}

interface LogLine {
  level: number;
  msg: string;
  err?: { code?: string };
  written?: number;
}

function setup() {
  const { s, storage } = memoryStorage();
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const metrics = createMetrics(false);
  const clock = new ManualClock();
  const lb = new LeaderboardService({ storage, logger, metrics, timers: clock, now: () => clock.now() });
  const at = (level: number) => lines.filter((l) => l.level === level);
  const gauge = async (name: 'leaderboardSaving' | 'leaderboardFolded') =>
    (await metrics[name].get()).values[0]?.value;
  return { s, lb, lines, at, metrics, clock, gauge };
}

const WARN = 40;
const INFO = 30;
const entry = (name: string, score: number): LeaderboardEntry => ({ name, score, kills: 1, at: score });

describe('LeaderboardService while storage fails', () => {
  it('warns once when saving starts failing, stays quiet while it retries, and says what it wrote when it works again', async () => {
    const { s, lb, at, metrics, clock, gauge } = setup();
    s.writeError = errno('ENOSPC');
    lb.submit([entry('ann', 30), entry('bob', 20), entry('cy', 10)]);
    for (let i = 0; i < 4; i++) expect(await lb.flush()).toBe(false);
    expect(at(WARN)).toHaveLength(1);
    expect(at(WARN)[0]?.err?.code).toBe('GAME_ERR_LEADERBOARD_FULL');
    expect(at(WARN)[0]?.msg).toMatch(/^leaderboard cannot save: the volume holding .* is full/);
    expect(lb.saving).toMatchObject({ saving: false, code: 'GAME_ERR_LEADERBOARD_FULL' });
    expect(await gauge('leaderboardSaving')).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('game_leaderboard_last_failure')).toContain(
      'game_leaderboard_last_failure{code="GAME_ERR_LEADERBOARD_FULL"} 1',
    );
    expect(lb.reply()).toEqual({ t: 'lb', top: lb.top(), saving: false, why: 'full' });

    // A different reason is a new line; the same reason again is not.
    s.writeError = errno('EROFS');
    await lb.flush();
    await lb.flush();
    expect(at(WARN)).toHaveLength(2);
    expect(at(WARN)[1]?.msg).toMatch(/^leaderboard still cannot save, now: .* is read-only/);
    expect(lb.reply().why).toBe('read-only');

    clock.advance(42_000);
    s.writeError = undefined;
    expect(await lb.flush()).toBe(true);
    const infos = at(INFO);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({
      written: 3,
      msg: 'leaderboard saving again after 42 s: wrote 3 kept score(s)',
    });
    expect(lb.saving).toEqual({ saving: true });
    expect(await gauge('leaderboardSaving')).toBe(1);
    expect(lb.reply()).toEqual({ t: 'lb', top: lb.top() });
    expect(lb.pendingCount).toBe(0);
    expect(parseBoard(s.text ?? '').map((e) => e.name)).toEqual(['ann', 'bob', 'cy']);
  });

  it('tells players the storage is offline while the volume is unmounted or hung', async () => {
    const { s, lb } = setup();
    s.writeError = Object.assign(errno('ENOTCONN'));
    lb.submit([entry('ann', 1)]);
    await lb.flush();
    expect(lb.reply()).toMatchObject({ saving: false, why: 'offline' });
    s.writeError = errno('EIO');
    await lb.flush();
    expect(lb.reply()).toMatchObject({ saving: false, why: 'failing' });
  });

  it('keeps only the scores that could reach the board, and writes the same board once storage returns', async () => {
    const { s, lb, gauge } = setup();
    s.writeError = errno('ENOSPC');
    const all = Array.from({ length: 300 }, (_, i) => entry(`p${i}`, (i * 7919) % 1000));
    for (let i = 0; i < all.length; i += 30) {
      lb.submit(all.slice(i, i + 30));
      await lb.flush();
    }
    expect(lb.pendingCount).toBe(100);
    expect(await gauge('leaderboardFolded')).toBe(200);
    s.writeError = undefined;
    expect(await lb.flush()).toBe(true);
    expect(parseBoard(s.text ?? '')).toEqual(mergeBoards(all));
  });

  it('ends an outage only with a write once a write has failed, since a full volume still reads fine', async () => {
    const { s, lb, at } = setup();
    s.writeError = errno('ENOSPC');
    lb.submit([entry('ann', 1)]);
    await lb.flush();
    await lb.refresh();
    expect(lb.saving).toMatchObject({ saving: false, code: 'GAME_ERR_LEADERBOARD_FULL' });
    expect(at(INFO)).toHaveLength(0);
  });

  it('reports an unmounted volume found by a read and clears it when reads work again', async () => {
    const { s, lb, at } = setup();
    s.readError = errno('ENOTCONN');
    await lb.refresh();
    await lb.refresh();
    expect(lb.saving).toMatchObject({
      saving: false,
      code: 'GAME_ERR_LEADERBOARD_UNMOUNTED',
      failedBy: 'read',
    });
    expect(at(WARN)).toHaveLength(1);
    s.readError = undefined;
    await lb.refresh();
    expect(lb.saving).toEqual({ saving: true });
    expect(at(INFO).map((l) => l.msg)).toEqual(['leaderboard storage answers again after 0 s']);
  });
});
