import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * A gauge filled from the agent's live state at scrape time: reset, then `fill` sets the
 * current series. Metrics then never keep a copy of state that could go stale.
 */
export function liveGauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  fill: (gauge: Gauge) => void,
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: [...labelNames],
    registers: [registry],
    collect() {
      this.reset();
      fill(this);
    },
  });
}

/**
 * A counter whose total lives in the agent (a count kept by the component that does the work),
 * read at scrape time. It must only grow while the process lives, as Prometheus expects.
 */
export function liveCounter(registry: Registry, name: string, help: string, total: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(total());
    },
  });
}
