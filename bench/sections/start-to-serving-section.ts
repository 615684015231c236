import {
  measureStartToServing,
  type StartToServingResult,
} from '../../packages/client-agent/bench/measure-start-to-serving.js';
import { atMost, type ReportRow, spreadRow } from '../report-model.js';
import type { SectionContext } from './context.js';

/**
 * The client-agent benchmark (`npm run bench:asteroids`) as rows of the failover section:
 * asteroids (re)start with gluster01 down, and recovery after both servers return.
 */
export async function startToServingRows(
  context: SectionContext,
): Promise<{ rows: ReportRow[]; note: string }> {
  const result: StartToServingResult = await measureStartToServing(context.runs);
  context.log(`asteroids start/recovery: ${JSON.stringify(result)}`);
  return {
    rows: [
      spreadRow(
        'asteroids container start -> page served (volume and game already there)',
        result.warmStartMs,
        's',
      ),
      spreadRow(
        'restart of asteroids while gluster01 is down -> page served',
        result.firstPeerDownStartMs,
        's',
        atMost(4_000, '<= 4 s (seed: 12 s)'),
      ),
      spreadRow(
        'both servers stopped, then started -> page served again',
        result.recoveryMs,
        's',
        atMost(5_000, '<= 5 s (seed: 3-6 s)'),
      ),
      {
        what: 'asteroids container restarts during those recoveries',
        result: String(result.recoveryRestarts),
        goal: '0',
        met: result.recoveryRestarts === 0,
      },
    ],
    note:
      'Restart and recovery rows: the client-agent benchmark (`npm run bench:asteroids`) on its own ' +
      'cluster; a new asteroids container per start (so "restart" is a container start with gluster01 ' +
      'stopped, mounting from gluster02), the page polled every 50 ms from `docker run`; recovery: both ' +
      'servers `docker stop`ped until nginx answers 503, then `docker start`ed, timed to the first 200.',
  };
}
