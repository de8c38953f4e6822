// The statsd-exporter mapping Skyport renders for a runtime, and the same mapping applied in
// Skyport's own StatsD receiver (local runtimes), so both targets produce the same Prometheus
// names and labels.
//
// Airflow 3 sends most metrics twice: a tagged name (`ti.finish` + dag_id/task_id/state tags) and
// a legacy name with the ids in it (`ti.finish.<dag_id>.<task_id>.<state>`, dots in ids replaced
// by `__` since 3.3). Skyport runs Airflow 3 with `statsd_influxdb_enabled`, so the tags arrive as
// labels with the ids intact (dots included); the mapping keeps the tagged names and drops the
// legacy duplicates, which would otherwise count every event twice and make one metric name per
// DAG. Airflow 2 sends ids only in legacy names: regex rules turn them into labels, taking the
// first segment as the dag id and everything up to the last segment as the task id (task ids
// from task groups contain dots; a dag id with dots cannot be told apart on Airflow 2).
import { stringify } from "yaml";
import { SERIES } from "./registry.ts";

export type AirflowMajor = 2 | 3;

export interface MappingRule {
  match: string;
  matchType: "glob" | "regex";
  /** Prometheus name; `$1`… refer to the match's groups. Ignored for drops. */
  name: string;
  labels?: Record<string, string>;
  action?: "drop";
}

const glob = (match: string, name: string): MappingRule => ({ match, matchType: "glob", name });
const regex = (match: string, name: string, labels: Record<string, string>): MappingRule => ({
  match,
  matchType: "regex",
  name,
  labels,
});
const drop = (match: string): MappingRule => ({ match, matchType: "regex", name: "dropped", action: "drop" });

/** Airflow 3: every series' tagged name, kept under its Prometheus name (tags stay labels). */
function taggedRules(): MappingRule[] {
  return SERIES.flatMap((series) => (series.statsd ? [glob(series.statsd.airflow3, series.prometheus)] : []));
}

/** Airflow 2: names without ids, and the executor gauges (one executor: no class suffix). */
function plainRules(): MappingRule[] {
  return SERIES.flatMap((series) =>
    series.statsd && (!series.statsd.legacy.includes("<") || series.key.startsWith("executor_"))
      ? [glob(series.statsd.airflow3, series.prometheus)]
      : [],
  );
}

const AIRFLOW3_LEGACY_DUPLICATES = [
  String.raw`^airflow\.ti\.(start|finish)\..+$`,
  String.raw`^airflow\.ti\.(scheduled|queued|running|deferred)\..+$`,
  String.raw`^airflow\.dag\..+\.(duration|queued_duration|scheduled_duration)$`,
  String.raw`^airflow\.pool\.[a-z_]+\..+$`,
  String.raw`^airflow\.executor\.(open_slots|queued_tasks|running_tasks)\..+$`,
  String.raw`^airflow\.dagrun\.(duration\.success|duration\.failed|schedule_delay|dependency-check)\..+$`,
  String.raw`^airflow\.dagrun\..+\.first_task_scheduling_delay$`,
  String.raw`^airflow\.operator_(successes|failures)_.+$`,
  String.raw`^airflow\.dag_processing\.(last_run\.seconds_ago|last_duration)\..+$`,
];

function airflow2Rules(): MappingRule[] {
  return [
    // Tagged twins arrive without their tags on Airflow 2 (plain StatsD): no labels, drop them.
    ...["ti.start", "ti.finish", "task.duration", "task.queued_duration"].map((name) =>
      drop(`^airflow\\.${name.replace(".", "\\.")}$`),
    ),
    drop(String.raw`^airflow\.pool\.[a-z_]+$`),
    regex(String.raw`^airflow\.ti\.finish\.([^.]+)\.(.+)\.([^.]+)$`, "airflow_ti_finish", {
      dag_id: "$1",
      task_id: "$2",
      state: "$3",
    }),
    regex(String.raw`^airflow\.ti\.start\.([^.]+)\.(.+)$`, "airflow_ti_start", {
      dag_id: "$1",
      task_id: "$2",
    }),
    regex(String.raw`^airflow\.ti\.(queued|running)\.([^.]+)\.([^.]+)\.(.+)$`, "airflow_ti_$1", {
      queue: "$2",
      dag_id: "$3",
      task_id: "$4",
    }),
    regex(String.raw`^airflow\.dag\.([^.]+)\.(.+)\.queued_duration$`, "airflow_task_queued_duration", {
      dag_id: "$1",
      task_id: "$2",
    }),
    regex(String.raw`^airflow\.dag\.([^.]+)\.(.+)\.duration$`, "airflow_task_duration", {
      dag_id: "$1",
      task_id: "$2",
    }),
    regex(
      String.raw`^airflow\.pool\.(open_slots|queued_slots|running_slots|starving_tasks)\.(.+)$`,
      "airflow_pool_$1",
      {
        pool_name: "$2",
      },
    ),
    regex(String.raw`^airflow\.dagrun\.duration\.(success|failed)\.(.+)$`, "airflow_dagrun_duration_$1", {
      dag_id: "$2",
    }),
    regex(String.raw`^airflow\.dagrun\.schedule_delay\.(.+)$`, "airflow_dagrun_schedule_delay", {
      dag_id: "$1",
    }),
    // With one executor Airflow 2 sends `executor.open_slots` alone (kept by its glob rule).
    drop(String.raw`^airflow\.executor\.(open_slots|queued_tasks|running_tasks)\..+$`),
  ];
}

/** The mapping rules for a runtime of this Airflow major version, in statsd-exporter's order. */
export function mappingRules(airflowMajor: AirflowMajor): MappingRule[] {
  if (airflowMajor === 3) return [...taggedRules(), ...AIRFLOW3_LEGACY_DUPLICATES.map(drop)];
  return [...plainRules(), ...airflow2Rules()];
}

/** Airflow settings a runtime needs for the mapping to see its tags (`[metrics]` section). */
export function airflowStatsdSettings(airflowMajor: AirflowMajor): Record<string, string> {
  return airflowMajor === 3 ? { statsd_influxdb_enabled: "True" } : {};
}

/** The `--statsd.mapping-config` file for statsd-exporter. */
export function renderStatsdExporterMapping(airflowMajor: AirflowMajor): string {
  const mappings = mappingRules(airflowMajor).map((rule) => ({
    match: rule.match,
    ...(rule.matchType === "regex" ? { match_type: "regex" } : {}),
    name: rule.name,
    ...(rule.labels ? { labels: rule.labels } : {}),
    ...(rule.action ? { action: rule.action } : {}),
  }));
  return `# Rendered by Skyport (@skyport/metrics) for Airflow ${airflowMajor}. Glob rules first, then regex rules in order.\n${stringify(
    { mappings },
  )}`;
}

export interface MappedMetric {
  name: string;
  labels: Record<string, string>;
}

interface CompiledRule {
  rule: MappingRule;
  pattern: RegExp;
}

function compile(rule: MappingRule): CompiledRule {
  if (rule.matchType === "regex") return { rule, pattern: new RegExp(rule.match) };
  const body = rule.match
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("([^.]+)");
  return { rule, pattern: new RegExp(`^${body}$`) };
}

const expand = (template: string, groups: RegExpExecArray) =>
  template.replace(/\$\{?(\d+)\}?/g, (_, index: string) => groups[Number(index)] ?? "");

/** statsd-exporter's name for an unmapped metric: every character Prometheus rejects becomes `_`. */
export function escapeMetricName(name: string): string {
  const escaped = name.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(escaped) ? `_${escaped}` : escaped;
}

/** Applies the mapping to one StatsD name and its tags, as statsd-exporter does; null when dropped. */
export class StatsdMapper {
  private readonly globs: CompiledRule[];
  private readonly regexes: CompiledRule[];

  constructor(rules: MappingRule[]) {
    const compiled = rules.map(compile);
    this.globs = compiled.filter((c) => c.rule.matchType === "glob");
    this.regexes = compiled.filter((c) => c.rule.matchType === "regex");
  }

  static forAirflow(airflowMajor: AirflowMajor): StatsdMapper {
    return new StatsdMapper(mappingRules(airflowMajor));
  }

  map(statsdName: string, tags: Record<string, string> = {}): MappedMetric | null {
    for (const { rule, pattern } of [...this.globs, ...this.regexes]) {
      const groups = pattern.exec(statsdName);
      if (!groups) continue;
      if (rule.action === "drop") return null;
      const labels = { ...tags };
      for (const [key, value] of Object.entries(rule.labels ?? {})) labels[key] = expand(value, groups);
      return { name: escapeMetricName(expand(rule.name, groups)), labels };
    }
    return { name: escapeMetricName(statsdName), labels: { ...tags } };
  }
}
