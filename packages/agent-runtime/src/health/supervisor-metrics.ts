import { Counter, type Registry } from 'prom-client';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { ProgramState } from '../supervisor/types.js';
import { liveGauge } from './live-gauge.js';

const STATES: readonly ProgramState[] = [
  'pending',
  'starting',
  'running',
  'backoff',
  'stopping',
  'stopped',
  'exited',
  'fatal',
];

/**
 * Exposes the supervisor's programs as metrics, read from its live status at scrape time:
 * `ga_program_up`, `ga_program_state` (one series per state, 1 for the current one) and
 * `ga_program_restarts_total`.
 */
export function registerSupervisorMetrics(registry: Registry, supervisor: Supervisor): void {
  liveGauge(
    registry,
    'ga_program_up',
    '1 when the supervised program is running and ready, else 0.',
    ['program'],
    (g) => {
      for (const status of supervisor.status())
        g.set({ program: status.name }, status.state === 'running' ? 1 : 0);
    },
  );
  liveGauge(
    registry,
    'ga_program_state',
    'Current state of each supervised program (1 for the current state).',
    ['program', 'state'],
    (g) => {
      for (const status of supervisor.status()) {
        for (const state of STATES) g.set({ program: status.name, state }, status.state === state ? 1 : 0);
      }
    },
  );
  new Counter({
    name: 'ga_program_restarts_total',
    help: 'Times each supervised program was started again after it ended.',
    labelNames: ['program'],
    registers: [registry],
    collect() {
      this.reset();
      for (const status of supervisor.status()) this.inc({ program: status.name }, status.restarts);
    },
  });
}
