// Validates OpenLineage events against the official 2-0-x JSON schema (draft 2020-12) and the
// standard facet schemas. The validators are compiled once per process. A facet is checked
// against its own schema when its _schemaURL names a standard facet we carry, in either the
// `#/$defs/` or the older `#/definitions/` form; any other facet (custom ones, Airflow's, or
// one whose URL names no standard facet) is checked as a BaseFacet only, as the core schema says.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { CORE_SCHEMA, FACET_SCHEMAS } from "./openlineage-spec/index.ts";

const CORE_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

/** One problem with an event: where it is (a JSON pointer into the event) and what is wrong. */
export interface EventIssue {
  pointer: string;
  message: string;
}

export type EventKind = "RunEvent" | "DatasetEvent" | "JobEvent";

interface Validators {
  events: Record<EventKind, ValidateFunction>;
  /** Facet validators by facet schema file name and definition name ("ErrorMessageRunFacet"). */
  facet(file: string, definition: string): ValidateFunction | null;
}

let compiled: Validators | null = null;

/**
 * ajv-formats' full "uri" check, remembered per string: an event's producer and _schemaURL
 * values repeat from event to event, and the full RFC 3986 expression was the costliest part
 * of validating one (a dozen runs per Airflow task event). Same answers, bounded memory.
 */
function rememberedUriFormat(): (value: string) => boolean {
  const check = fullFormats.uri as (value: string) => boolean;
  const answers = new Map<string, boolean>();
  return (value) => {
    if (value.length > 512) return check(value);
    let answer = answers.get(value);
    if (answer === undefined) {
      answer = check(value);
      if (answers.size >= 2_000) answers.clear();
      answers.set(value, answer);
    }
    return answer;
  };
}

function validators(): Validators {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addFormat("uri", rememberedUriFormat());
  ajv.addSchema(CORE_SCHEMA);
  const idsByFile = new Map<string, string>();
  for (const [file, schema] of Object.entries(FACET_SCHEMAS)) {
    ajv.addSchema(schema);
    idsByFile.set(file, (schema as { $id: string }).$id);
  }
  const compile = (kind: EventKind) => {
    const validate = ajv.getSchema(`${CORE_ID}#/$defs/${kind}`);
    if (!validate) throw new Error(`the OpenLineage schema has no ${kind}`);
    return validate;
  };
  const facetCache = new Map<string, ValidateFunction | null>();
  compiled = {
    events: {
      RunEvent: compile("RunEvent"),
      DatasetEvent: compile("DatasetEvent"),
      JobEvent: compile("JobEvent"),
    },
    facet(file, definition) {
      const key = `${file}#${definition}`;
      if (!facetCache.has(key)) {
        const id = idsByFile.get(file);
        facetCache.set(key, id ? (ajv.getSchema(`${id}#/$defs/${definition}`) ?? null) : null);
      }
      return facetCache.get(key) ?? null;
    },
  };
  return compiled;
}

/** Compiles the validators now (start-up), instead of on the first event. */
export function prepareOpenLineageValidators(): void {
  validators();
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function describe(error: ErrorObject, base: string): EventIssue {
  let pointer = `${base}${error.instancePath}`;
  let message = error.message ?? "is invalid";
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    pointer = `${pointer}/${escapePointer(missing)}`;
    message = "is required";
  } else if (error.keyword === "format") {
    message = `must be a valid ${(error.params as { format: string }).format}`;
  } else if (error.keyword === "enum") {
    message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
  }
  return { pointer: pointer || "/", message };
}

/** Issues in ajv's order, each pointer once (allOf/anyOf branches repeat the same complaint). */
function issuesOf(errors: ErrorObject[] | null | undefined, base: string): EventIssue[] {
  const seen = new Set<string>();
  const issues: EventIssue[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === "anyOf" || error.keyword === "allOf" || error.keyword === "oneOf") continue;
    const issue = describe(error, base);
    const key = `${issue.pointer} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** The event's kind by its shape: a run makes a RunEvent, a dataset alone a DatasetEvent. */
export function eventKind(event: Record<string, unknown>): EventKind {
  if ("run" in event) return "RunEvent";
  if ("dataset" in event) return "DatasetEvent";
  if ("job" in event) return "JobEvent";
  // A bare object is judged as a RunEvent, so its missing fields are named.
  return "RunEvent";
}

const FACET_URL = /\/spec\/facets\/[^/]+\/([A-Za-z0-9]+)\.json#\/(?:\$defs|definitions)\/([A-Za-z0-9]+)$/;

/**
 * A facet as validated: properties set to null are taken as not given. Python producers emit
 * None for optional facet fields (Airflow 3's DAG-run errorMessage has "stackTrace": null),
 * which the schema's types would refuse although the field is optional.
 */
function withoutNulls(value: unknown): unknown {
  // Most facets have no null anywhere: those are validated as they are, without a copy.
  if (!holdsNull(value)) return value;
  return copyWithoutNulls(value);
}

function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(holdsNull);
  for (const key in value) if (holdsNull((value as Record<string, unknown>)[key])) return true;
  return false;
}

function copyWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyWithoutNulls);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = copyWithoutNulls(item);
  return out;
}

function facetIssues(facets: unknown, base: string): EventIssue[] {
  if (typeof facets !== "object" || facets === null || Array.isArray(facets)) return [];
  const issues: EventIssue[] = [];
  for (const [key, facet] of Object.entries(facets)) {
    if (typeof facet !== "object" || facet === null) continue;
    const url = (facet as { _schemaURL?: unknown })._schemaURL;
    if (typeof url !== "string") continue;
    const match = FACET_URL.exec(url);
    if (!match) continue;
    const validate = validators().facet(match[1] as string, match[2] as string);
    if (validate && !validate(withoutNulls(facet)))
      issues.push(...issuesOf(validate.errors, `${base}/${escapePointer(key)}`));
  }
  return issues;
}

/** Every facet map of a run event, with its pointer. */
function facetMaps(event: Record<string, unknown>): Array<[unknown, string]> {
  const maps: Array<[unknown, string]> = [];
  const run = event.run as { facets?: unknown } | undefined;
  const job = event.job as { facets?: unknown } | undefined;
  if (run?.facets) maps.push([run.facets, "/run/facets"]);
  if (job?.facets) maps.push([job.facets, "/job/facets"]);
  for (const side of ["inputs", "outputs"] as const) {
    const datasets = event[side];
    if (!Array.isArray(datasets)) continue;
    datasets.forEach((dataset: Record<string, unknown> | null, index) => {
      if (typeof dataset !== "object" || dataset === null) return;
      for (const field of ["facets", "inputFacets", "outputFacets"]) {
        if (dataset[field]) maps.push([dataset[field], `/${side}/${index}/${field}`]);
      }
    });
  }
  const dataset = event.dataset as { facets?: unknown } | undefined;
  if (dataset?.facets) maps.push([dataset.facets, "/dataset/facets"]);
  return maps;
}

/**
 * Every problem with one event, each named by a JSON pointer into it (prefixed with
 * `base`, e.g. "/3" for the fourth event of a batch). Empty: the event is valid.
 */
export function validateOpenLineageEvent(event: unknown, base = ""): EventIssue[] {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return [{ pointer: base || "/", message: "must be a JSON object (an OpenLineage event)" }];
  }
  const record = event as Record<string, unknown>;
  const validate = validators().events[eventKind(record)];
  const issues = validate(record) ? [] : issuesOf(validate.errors, base);
  for (const [facets, pointer] of facetMaps(record)) issues.push(...facetIssues(facets, `${base}${pointer}`));
  return issues;
}
