// The deployment spec as the create and edit forms hold it: a draft of what the person typed
// (numbers as text, so a half-typed value is not lost) and the request's `spec` made from it.
// The server validates the spec and answers with errors keyed by dotted path
// (`spec.workerQueues.1.maxWorkers`), shown next to the input they name.
import type { DeploymentSpec, Executor, RuntimeCatalog, Size } from "../types.ts";

export interface QueueDraft {
  /** Stable React key; rows can be removed from the middle. */
  id: number;
  name: string;
  workerSize: Size;
  minWorkers: string;
  maxWorkers: string;
  /** Empty: the deployment's default (Airflow's 16, or celery.worker_concurrency). */
  workerConcurrency: string;
}

export interface OverrideDraft {
  id: number;
  section: string;
  key: string;
  value: string;
}

/** The Git source as typed; all empty: none. */
export interface GitSourceDraft {
  url: string;
  ref: string;
  subPath: string;
  connectionId: string;
}

export interface SpecDraft {
  runtimeVersion: string;
  executor: Executor;
  schedulerSize: Size;
  highAvailability: boolean;
  /** Celery only; kept while the Kubernetes executor is chosen so switching back restores them. */
  workerQueues: QueueDraft[];
  overrides: OverrideDraft[];
  /** As typed: addresses separated by commas or new lines. */
  contactEmails: string;
  gitSource: GitSourceDraft;
}

const NO_GIT_SOURCE: GitSourceDraft = { url: "", ref: "", subPath: "", connectionId: "" };

let nextRowId = 1;
/** Stable React keys for rows that can be removed from the middle. */
export const rowId = () => nextRowId++;

function defaultQueue(catalog: RuntimeCatalog): QueueDraft {
  return {
    id: rowId(),
    name: catalog.limits.defaultQueue,
    workerSize: "S",
    minWorkers: "1",
    maxWorkers: "10",
    workerConcurrency: "",
  };
}

/** A draft for a new deployment (spec null) or of an existing deployment's spec. */
export function draftFromSpec(catalog: RuntimeCatalog, spec: DeploymentSpec | null): SpecDraft {
  if (!spec) {
    return {
      runtimeVersion: catalog.defaultRuntimeVersion,
      executor: "CELERY",
      schedulerSize: "S",
      highAvailability: false,
      workerQueues: [defaultQueue(catalog)],
      overrides: [],
      contactEmails: "",
      gitSource: NO_GIT_SOURCE,
    };
  }
  const queues = spec.workerQueues.map((queue) => ({
    id: rowId(),
    name: queue.name,
    workerSize: queue.workerSize,
    minWorkers: String(queue.minWorkers),
    maxWorkers: String(queue.maxWorkers),
    workerConcurrency: String(queue.workerConcurrency),
  }));
  return {
    runtimeVersion: spec.runtimeVersion,
    executor: spec.executor,
    schedulerSize: spec.schedulerSize,
    highAvailability: spec.highAvailability,
    workerQueues: queues.length > 0 ? queues : [defaultQueue(catalog)],
    overrides: spec.airflowConfigOverrides.map((o) => ({ id: rowId(), ...o })),
    contactEmails: spec.contactEmails.join("\n"),
    gitSource: spec.gitSource
      ? { ...spec.gitSource, connectionId: spec.gitSource.connectionId ?? "" }
      : NO_GIT_SOURCE,
  };
}

export function emailEntries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Whole numbers as numbers; anything else as typed, so the server names what is wrong with it. */
function count(value: string): number | string {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** The request's `spec`. Rows keep their order, so error paths point back at the same rows. */
export function specInputFromDraft(draft: SpecDraft): Record<string, unknown> {
  return {
    runtimeVersion: draft.runtimeVersion,
    executor: draft.executor,
    schedulerSize: draft.schedulerSize,
    highAvailability: draft.highAvailability,
    workerQueues:
      draft.executor === "CELERY"
        ? draft.workerQueues.map((queue) => ({
            name: queue.name,
            workerSize: queue.workerSize,
            minWorkers: count(queue.minWorkers),
            maxWorkers: count(queue.maxWorkers),
            ...(queue.workerConcurrency.trim() === ""
              ? {}
              : { workerConcurrency: count(queue.workerConcurrency) }),
          }))
        : [],
    airflowConfigOverrides: draft.overrides.map(({ section, key, value }) => ({ section, key, value })),
    contactEmails: emailEntries(draft.contactEmails),
    ...gitSourceInput(draft.gitSource),
  };
}

/** None when every field is empty; otherwise what was typed, so the server names what is missing. */
function gitSourceInput(draft: GitSourceDraft): { gitSource?: Record<string, string> } {
  const typed = Object.fromEntries(
    Object.entries(draft)
      .map(([key, value]) => [key, value.trim()])
      .filter(([, value]) => value !== ""),
  );
  if (Object.keys(typed).length === 0) return {};
  return { gitSource: { url: typed.url ?? "", ref: typed.ref ?? "", ...typed } };
}
