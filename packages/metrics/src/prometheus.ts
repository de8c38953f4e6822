/// <reference path="./types/parse-prometheus-text-format.d.ts" />
// The Kubernetes path: Skyport scrapes each runtime's statsd-exporter `/metrics` and turns the
// Prometheus text into the same normalized samples the StatsD receiver yields.
//
// Lines are parsed by parse-prometheus-text-format (label escaping, HELP/TYPE, NaN/Inf). That
// library folds every sample of a summary or histogram family into one unlabelled entry, which
// loses the dag_id/task_id of statsd-exporter's timer summaries; so the TYPE lines of those
// families are taken out before parsing (their samples then come back one by one, labels
// intact) and `_sum`/`_count` are put together here.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { SERIES_BY_PROMETHEUS_NAME } from "./registry.ts";
import { labelsKey, type MetricSample } from "./samples.ts";

export interface PrometheusValue {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample line of a Prometheus text exposition, with the declared type of its family. */
export function parsePrometheusText(text: string): { values: PrometheusValue[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    const declared = /^#\s+TYPE\s+(\S+)\s+(\S+)/.exec(line);
    if (declared?.[1] && declared[2]) {
      const type = declared[2].toLowerCase();
      types.set(declared[1], type);
      if (type === "summary" || type === "histogram") continue;
    }
    kept.push(line);
  }
  const values: PrometheusValue[] = [];
  for (const family of parsePrometheusTextFormat(kept.join("\n"))) {
    for (const metric of family.metrics) {
      if (metric.value === undefined) continue;
      values.push({ name: family.name, labels: metric.labels ?? {}, value: Number(metric.value) });
    }
  }
  return { values, types };
}

/**
 * Turns successive scrapes of one runtime into samples. Counters and summaries are cumulative in
 * Prometheus, so a scrape yields their increase since the previous scrape (the first scrape only
 * sets the baseline; a value that went down means the exporter restarted and counts from zero).
 */
export class PrometheusNormalizer {
  private readonly previous = new Map<string, number>();
  private scrapes = 0;

  normalize(text: string, at: Date): MetricSample[] {
    const { values } = parsePrometheusText(text);
    const firstScrape = this.scrapes++ === 0;
    const samples: MetricSample[] = [];
    const timers = new Map<
      string,
      { labels: Record<string, string>; series: string; sum?: number; count?: number }
    >();
    for (const { name, labels, value } of values) {
      const direct = SERIES_BY_PROMETHEUS_NAME.get(name);
      if (direct?.kind === "gauge") {
        samples.push({ series: direct.key, kind: "gauge", labels, value, count: 1, at });
        continue;
      }
      if (direct?.kind === "counter") {
        const increase = this.increase(`${name}${labelsKey(labels)}`, value, firstScrape);
        if (increase !== undefined)
          samples.push({ series: direct.key, kind: "counter", labels, value: increase, count: 1, at });
        continue;
      }
      const suffix = /_(sum|count)$/.exec(name);
      const timer = suffix ? SERIES_BY_PROMETHEUS_NAME.get(name.slice(0, -suffix[0].length)) : undefined;
      if (!suffix || timer?.kind !== "timer") continue;
      const key = `${timer.prometheus}${labelsKey(labels)}`;
      const entry = timers.get(key) ?? { labels, series: timer.key };
      entry[suffix[1] as "sum" | "count"] = value;
      timers.set(key, entry);
    }
    for (const [key, entry] of timers) {
      if (entry.sum === undefined || entry.count === undefined) continue;
      const count = this.increase(`${key}#count`, entry.count, firstScrape);
      const sum = this.increase(`${key}#sum`, entry.sum, firstScrape);
      if (count === undefined || sum === undefined || count === 0) continue;
      samples.push({ series: entry.series, kind: "timer", labels: entry.labels, value: sum, count, at });
    }
    return samples;
  }

  /** A series first seen after the first scrape started at zero since then: all of it is new. */
  private increase(key: string, value: number, firstScrape: boolean): number | undefined {
    const before = this.previous.get(key);
    this.previous.set(key, value);
    if (before === undefined) return firstScrape ? undefined : value;
    return value >= before ? value - before : value;
  }
}

export class ScrapeError extends Error {
  override name = "ScrapeError";
}

export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
/** A statsd-exporter answer far above this is a runtime flooding labels; it is refused, not parsed. */
export const DEFAULT_SCRAPE_MAX_BYTES = 16 * 1024 * 1024;

/** One scrape of a runtime's statsd-exporter `/metrics`, as samples (see PrometheusNormalizer). */
export async function scrapePrometheus(
  url: string,
  normalizer: PrometheusNormalizer,
  options: { timeoutMs?: number; maxBytes?: number; now?: () => Date } = {},
): Promise<MetricSample[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_SCRAPE_MAX_BYTES;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "text/plain" },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ScrapeError(
      `scraping ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ScrapeError(`scraping ${url} answered HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // A reader rather than `for await`: not every TypeScript lib setting types web streams as iterable.
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ScrapeError(`scraping ${url}: the answer exceeds ${maxBytes} bytes`);
    }
    chunks.push(read.value);
  }
  return normalizer.normalize(Buffer.concat(chunks).toString("utf8"), options.now?.() ?? new Date());
}
