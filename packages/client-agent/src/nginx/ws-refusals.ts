import { WS_LIMIT_ZONE } from './render-server-block.js';

// nginx's limit_conn log line: `... limiting connections by zone "ws_per_address", client: ...`.
const REFUSAL = new RegExp(`limiting connections by zone "${WS_LIMIT_ZONE}"`);

/**
 * Counts the /ws connections nginx refused for the per-address cap, from its error log lines
 * (nginx keeps no such counter itself): for `asteroids_ws_refused_total`.
 */
export class WsRefusals {
  private count = 0;

  get total(): number {
    return this.count;
  }

  /** Give it every line nginx prints (ProgramSpec.onLine). */
  readonly observe = (line: string): void => {
    if (REFUSAL.test(line)) this.count++;
  };
}
