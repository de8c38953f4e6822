// The normalized sample both collection paths produce (Skyport's StatsD receiver for local
// runtimes, the statsd-exporter scrape on Kubernetes).
import type { SeriesKind } from "./registry.ts";

export interface MetricSample {
  /** Registry key, e.g. "pool_queued_slots". */
  series: string;
  kind: SeriesKind;
  labels: Record<string, string>;
  /**
   * gauge: the value; counter: the increase since the previous sample; timer: the sum of the
   * observed durations in seconds (`count` observations).
   */
  value: number;
  /** Timers: how many observations `value` sums; 1 otherwise. */
  count: number;
  at: Date;
}

/** Labels as one stable string (sorted by name), for identity and the cardinality cap. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );
}
