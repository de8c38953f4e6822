// The OpenLineage example corpus (fixtures/, copied unchanged; see fixtures/SOURCES.md) as
// ingestable events. Expected-event files are templates: their Jinja placeholders are filled
// with concrete values here, and the envelope fields a harness file leaves out (eventTime,
// producer, schemaURL, runId, a facet's _producer/_schemaURL) are completed. Run ids are
// derived from job names, so a task's parent.run.runId meets its DAG run's runId as in Airflow.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { FACET_SCHEMAS } from "../../src/telemetry/openlineage-spec/index.ts";

export const FIXTURES_DIR = new URL("./fixtures/", import.meta.url);

type Json = Record<string, unknown>;

/** A stable UUID for a name (so parent and child agree without knowing each other). */
export function uuidFor(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
const CORE_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

function facetUrl(name: string): string {
  const schema = FACET_SCHEMAS[name] as { $id: string } | undefined;
  const id = schema?.$id ?? `https://openlineage.io/spec/facets/1-0-0/${name}.json`;
  return `${id}#/$defs/${name}`;
}

/** A concrete value satisfying one placeholder expression. */
function fill(expression: string, key: string, context: { time: string; runId: string }): unknown {
  const e = expression.trim();
  if (e.startsWith("is_datetime")) return key === "eventTime" ? context.time : "2026-12-01T00:00:00+00:00";
  if (e.startsWith("is_uuid")) return context.runId;
  if (e === "result == true") return true;
  if (e === "result is number") return 1;
  if (e === "result is string") return "text";
  if (e.startsWith("any(")) {
    if (key === "runId") return context.runId;
    if (key === "eventTime") return context.time;
    if (key === "uri") return "bigquery://random-gcp-project";
    return "any";
  }
  const regex = /^regex_match\(result, "(.*)"\)$/.exec(e);
  if (regex) {
    const pattern = regex[1] as string;
    const facet = /facets\\\/\[\\d-\]\+\\\/([A-Za-z]+)\.json/.exec(pattern);
    if (facet) return facetUrl(facet[1] as string);
    const core = /OpenLineage\.json\\#\\\/\\\$defs\\\/([A-Za-z]+)/.exec(pattern);
    if (core) return `${CORE_URL}#/$defs/${core[1]}`;
    if (pattern.includes("providers-openlineage")) return PRODUCER;
    if (pattern.startsWith("^3") || pattern.startsWith("^(2|3)")) return "3.1.0";
    return "2.10.0";
  }
  const both = /^result\.startswith\('([\s\S]*)'\) and result\.endswith\('([\s\S]*)'\)$/.exec(e);
  if (both) return `${both[1]}${both[2]}`;
  const starts = /^result\.startswith\('(.*)'\)$/.exec(e);
  if (starts) return `${starts[1]}_1`;
  const ends = /^result\.endswith\('(.*)'\)$/.exec(e);
  if (ends) return `/opt/airflow/${ends[1]}`.replace("//", "/");
  const list = /^result(\[1:-1\])?\.split\(', '\) \| sort == \[(.*)\]$/.exec(e);
  if (list) {
    const items = (list[2] as string).split(/,\s*/).map((item) => item.trim().slice(1, -1));
    return list[1] ? `[${items.join(", ")}]` : items.join(", ");
  }
  throw new Error(`no filler for placeholder {{ ${e} }}`);
}

function fillPlaceholders(value: unknown, key: string, context: { time: string; runId: string }): unknown {
  if (typeof value === "string") {
    const match = /^\{\{([\s\S]*)\}\}$/.exec(value);
    return match ? fill(match[1] as string, key, context) : value;
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, key, context));
  if (typeof value === "object" && value !== null) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      // A parent/root names another run: its id comes from that run's job name.
      const childContext =
        (k === "parent" || k === "root") && typeof v === "object" && v !== null
          ? { ...context, runId: uuidFor(String(((v as Json).job as Json | undefined)?.name ?? k)) }
          : context;
      out[k] = fillPlaceholders(v, k, childContext);
    }
    return out;
  }
  return value;
}

function completeFacets(facets: unknown, kind: "RunFacet" | "JobFacet" | "DatasetFacet"): void {
  if (typeof facets !== "object" || facets === null) return;
  for (const facet of Object.values(facets as Json)) {
    if (typeof facet !== "object" || facet === null || Array.isArray(facet)) continue;
    const f = facet as Json;
    f._producer ??= PRODUCER;
    f._schemaURL ??= `${CORE_URL}#/$defs/${kind}`;
  }
}

/** Completes one harness event into a whole one (see the file comment). */
export function completeEvent(raw: Json, time: string): Json {
  const jobName = String((raw.job as Json | undefined)?.name ?? "job");
  const event = fillPlaceholders(raw, "", { time, runId: uuidFor(jobName) }) as Json;
  event.eventTime ??= time;
  event.producer ??= PRODUCER;
  event.schemaURL ??= `${CORE_URL}#/$defs/RunEvent`;
  event.run ??= {};
  const run = event.run as Json;
  run.runId ??= uuidFor(jobName);
  event.job ??= { namespace: "default", name: jobName };
  const job = event.job as Json;
  job.namespace ??= "default";
  completeFacets(run.facets, "RunFacet");
  // A harness parent facet may leave its run empty; the parent's id comes from its job name.
  const parent = (run.facets as Json | undefined)?.parent as Json | undefined;
  if (parent?.run && typeof parent.run === "object") {
    (parent.run as Json).runId ??= uuidFor(String((parent.job as Json | undefined)?.name ?? "parent"));
  }
  completeFacets(job.facets, "JobFacet");
  for (const side of ["inputs", "outputs"]) {
    for (const dataset of (event[side] as Json[] | undefined) ?? []) {
      completeFacets(dataset.facets, "DatasetFacet");
      completeFacets(dataset.inputFacets, "DatasetFacet");
      completeFacets(dataset.outputFacets, "DatasetFacet");
    }
  }
  return event;
}

/** A facet-only sample (spec tests) carried by an event, where such a facet lives. */
function wrapFacetSample(file: string, sample: Json, time: string): Json[] {
  const [key, facet] = Object.entries(sample)[0] as [string, Json];
  const name = file.replace(/^ol-spec-tests__/, "").replace(/_\d+\.json$/, "");
  const job = { namespace: "default", name: `spec_sample.${name}` };
  const base = { eventTime: time, producer: PRODUCER, schemaURL: `${CORE_URL}#/$defs/RunEvent`, job };
  const runId = uuidFor(job.name);
  switch (name) {
    case "ErrorMessageRunFacet":
      return [{ ...base, eventType: "FAIL", run: { runId, facets: { [key]: facet } } }];
    case "ParentRunFacet":
      return [{ ...base, eventType: "START", run: { runId, facets: { [key]: facet } } }];
    case "DataQualityMetricsDatasetFacet":
      return [
        {
          ...base,
          eventType: "COMPLETE",
          run: { runId },
          inputs: [{ namespace: "db", name: "t", facets: sample }],
        },
      ];
    default:
      return [
        {
          ...base,
          eventType: "COMPLETE",
          run: { runId },
          inputs: [{ namespace: "db", name: "t", inputFacets: sample }],
        },
      ];
  }
}

/** The events of a corpus file, raw (as the file has them). */
export function rawEventsOf(file: string): Json[] {
  const text = readFileSync(new URL(file, FIXTURES_DIR), "utf8");
  if (file.endsWith(".jsonl"))
    return text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Json);
  const data = JSON.parse(text) as Json | Json[];
  return Array.isArray(data) ? data : [data];
}

/** Literal files are ingested as they are; templates are completed, one minute apart from `start`. */
export function fixtureEvents(file: string, start: Date): Json[] {
  const raw = rawEventsOf(file);
  const at = (index: number) => new Date(start.getTime() + index * 60_000).toISOString();
  if (file.startsWith("ol-spec-tests__")) return wrapFacetSample(file, raw[0] as Json, at(0));
  if (file.startsWith("data-rentgen__") || file === "ol-client__example_full_event.json") return raw;
  return raw.map((event, index) => completeEvent(event, at(index)));
}

export function corpusFiles(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => /\.jsonl?$/.test(file))
    .sort();
}

/** What real Apache Airflow 3 sent for one example DAG (fixtures/airflow3), or for all of them. */
export function airflow3Events(dag?: string): Json[] {
  const files = dag
    ? [`${dag}.jsonl`]
    : readdirSync(new URL("airflow3/", FIXTURES_DIR))
        .filter((file) => file.endsWith(".jsonl"))
        .sort();
  return files.flatMap((file) => rawEventsOf(`airflow3/${file}`));
}

/** The recordings name no datasets: here the failing run's `broken` task reads one table and writes another. */
export function withLineage(events: Json[]): Json[] {
  return events.map((event) =>
    (event.job as { name: string }).name === "skyport_fail.broken"
      ? {
          ...event,
          inputs: [{ namespace: "postgres://warehouse:5432", name: "shop.public.orders" }],
          outputs: [{ namespace: "postgres://warehouse:5432", name: "shop.public.daily_revenue" }],
        }
      : event,
  );
}
