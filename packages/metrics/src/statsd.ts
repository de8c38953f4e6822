// Skyport's StatsD receiver for local runtimes: Airflow sends UDP datagrams to it, it applies
// the same mapping statsd-exporter gets on Kubernetes and yields normalized samples.
import dgram from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type AirflowMajor, StatsdMapper } from "./mapping.ts";
import { SERIES_BY_PROMETHEUS_NAME } from "./registry.ts";
import type { MetricSample } from "./samples.ts";

export interface StatsdLine {
  name: string;
  tags: Record<string, string>;
  value: number;
  /** Gauges sent as "+3"/"-2" change the previous value instead of setting it. */
  relative: boolean;
  type: "c" | "g" | "ms" | "h" | "d" | "s";
  sampleRate: number;
}

const TYPES = new Set(["c", "g", "ms", "h", "d", "s"]);

function parseTagList(text: string, separator: "=" | ":", tags: Record<string, string>) {
  for (const pair of text.split(",")) {
    const at = pair.indexOf(separator);
    if (at > 0) tags[pair.slice(0, at)] = pair.slice(at + 1);
  }
}

/**
 * One StatsD line: `name[,k=v…]:value|type[|@rate][|#k:v…]` (InfluxDB-style tags after the name,
 * DogStatsD tags at the end). Undefined for lines that are not StatsD.
 */
export function parseStatsdLine(line: string): StatsdLine | undefined {
  const colon = line.lastIndexOf(":", line.indexOf("|"));
  if (colon <= 0) return undefined;
  const [valueText = "", type = "", ...rest] = line.slice(colon + 1).split("|");
  if (!TYPES.has(type)) return undefined;
  const value = Number(valueText);
  if (valueText === "" || !Number.isFinite(value)) return undefined;
  const tags: Record<string, string> = {};
  const [name = "", ...influx] = line.slice(0, colon).split(",");
  if (!name) return undefined;
  if (influx.length) parseTagList(influx.join(","), "=", tags);
  let sampleRate = 1;
  for (const part of rest) {
    if (part.startsWith("@")) sampleRate = Number(part.slice(1)) || 1;
    else if (part.startsWith("#")) parseTagList(part.slice(1), ":", tags);
  }
  return {
    name,
    tags,
    value,
    relative: type === "g" && /^[+-]/.test(valueText),
    type: type as StatsdLine["type"],
    sampleRate,
  };
}

/** Turns StatsD lines into registry samples; keeps gauge values for relative updates. */
export class StatsdNormalizer {
  private readonly mapper: StatsdMapper;
  private readonly gauges = new Map<string, number>();

  constructor(airflowMajor: AirflowMajor) {
    this.mapper = StatsdMapper.forAirflow(airflowMajor);
  }

  normalize(line: StatsdLine, at: Date): MetricSample | undefined {
    const mapped = this.mapper.map(line.name, line.tags);
    if (!mapped) return undefined;
    const series = SERIES_BY_PROMETHEUS_NAME.get(mapped.name);
    if (!series) return undefined;
    const base = { series: series.key, kind: series.kind, labels: mapped.labels, at };
    switch (series.kind) {
      case "counter":
        if (line.type !== "c") return undefined;
        return { ...base, value: line.value / line.sampleRate, count: 1 };
      case "gauge": {
        if (line.type !== "g") return undefined;
        const key = `${mapped.name}${JSON.stringify(mapped.labels)}`;
        const value = line.relative ? (this.gauges.get(key) ?? 0) + line.value : line.value;
        this.gauges.set(key, value);
        return { ...base, value, count: 1 };
      }
      case "timer":
        if (line.type !== "ms" && line.type !== "h" && line.type !== "d") return undefined;
        // Airflow times in milliseconds; statsd-exporter reports seconds, so does Skyport.
        return { ...base, value: line.value / 1000, count: 1 };
      default: {
        const unreachable: never = series.kind;
        return unreachable;
      }
    }
  }
}

export interface StatsdReceiver {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Listens for StatsD datagrams (several lines each, newline-separated) on UDP and hands each
 * datagram's samples to `onSamples`.
 */
export async function startStatsdReceiver(options: {
  airflowMajor: AirflowMajor;
  onSamples: (samples: MetricSample[]) => void;
  host?: string;
  port?: number;
  now?: () => Date;
}): Promise<StatsdReceiver> {
  const normalizer = new StatsdNormalizer(options.airflowMajor);
  const now = options.now ?? (() => new Date());
  const socket = dgram.createSocket("udp4");
  socket.on("message", (message) => {
    const at = now();
    const samples: MetricSample[] = [];
    for (const text of message.toString("utf8").split("\n")) {
      const line = parseStatsdLine(text.trim());
      const sample = line && normalizer.normalize(line, at);
      if (sample) samples.push(sample);
    }
    if (samples.length) options.onSamples(samples);
  });
  socket.bind(options.port ?? 0, options.host ?? "127.0.0.1");
  await once(socket, "listening");
  const address = socket.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
