// parseDeploymentSpec: untrusted input → a normalised DeploymentSpec, or every problem found,
// each naming its field as a dotted path ("workerQueues.1.maxWorkers") for forms and APIs.
import { z } from "zod";
import { DEFAULT_RUNTIME_VERSION, findRuntime } from "./catalog.ts";
import { DAG_BUNDLE_SETTING, gitSourceRuntimeProblem } from "./git-source.ts";
import { runtimeLineIssues } from "./runtime-line-issues.ts";
import {
  DEFAULT_QUEUE,
  DEFAULT_WORKER_CONCURRENCY,
  type DeploymentSpec,
  deploymentSpecInput,
  type WorkerQueue,
} from "./schema.ts";

export interface SpecIssue {
  /** Dotted path of the offending field; "spec" when the whole input is wrong. */
  readonly field: string;
  readonly message: string;
}

export type SpecParseResult =
  | { readonly ok: true; readonly spec: DeploymentSpec }
  | { readonly ok: false; readonly issues: readonly SpecIssue[] };

/** How people name list items: "Worker queue 2", "Airflow setting 1", "Contact email 3". */
const ITEM_LABELS: Record<string, string> = {
  workerQueues: "Worker queue",
  airflowConfigOverrides: "Airflow setting",
  contactEmails: "Contact email",
};

/** How people name the parts of an object field: "Git source: ref must be …". */
const OBJECT_LABELS: Record<string, string> = { gitSource: "Git source" };

function itemLabel(list: string, index: number): string {
  return `${ITEM_LABELS[list] ?? list} ${index + 1}`;
}

/**
 * A message that names its field the way the person wrote it: "Worker queue 2: name must be
 * at most 40 characters", "executor must be one of CELERY, KUBERNETES" — never a dotted path.
 */
export function describeSpecIssue(path: readonly string[], message: string): string {
  const [top, index, leaf] = path;
  if (top === undefined) return message;
  const objectLabel = OBJECT_LABELS[top];
  if (objectLabel) {
    const part = index === undefined || message.startsWith(`${index} `) ? "" : `${index} `;
    return `${objectLabel}: ${part}${message}`;
  }
  const item = index !== undefined && /^\d+$/.test(index) ? itemLabel(top, Number(index)) : null;
  if (!item) return message.startsWith(`${top} `) ? message : `${top} ${message}`;
  if (leaf === undefined) return `${item}: ${message}`;
  return `${item}: ${message.startsWith(`${leaf} `) ? message : `${leaf} ${message}`}`;
}

function issueAt(path: readonly string[], message: string): SpecIssue {
  return { field: path.length > 0 ? path.join(".") : "spec", message: describeSpecIssue(path, message) };
}

/** One message per field (the first rule it broke), so forms show one line per input. */
function toIssues(error: z.ZodError): SpecIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => issueAt([...base, key], "is not a known field"));
    }
    return [issueAt(base, issue.message)];
  });
}

function onePerField(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((item) => (isRecord(item) ? item : {})) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

/**
 * Rules that span fields. They read the raw input (as the schema would normalise it), so they
 * report alongside the field rules in one answer instead of after them.
 */
function crossFieldIssues(raw: unknown): SpecIssue[] {
  const input = isRecord(raw) ? raw : {};
  const issues: SpecIssue[] = [];
  const queues = listOf(input.workerQueues);
  const seenQueues = new Map<string, number>();
  queues.forEach((queue, index) => {
    const name = text(queue.name);
    if (!name) return;
    const first = seenQueues.get(name);
    if (first !== undefined) {
      issues.push({
        field: `workerQueues.${index}.name`,
        message: `${itemLabel("workerQueues", index)}: name \`${name}\` is already used by ${itemLabel("workerQueues", first).toLowerCase()}`,
      });
    } else seenQueues.set(name, index);
  });
  if (input.executor === "KUBERNETES") {
    // The console keeps the implicit `default` queue when switching executors; accept it
    // silently, but any queue beyond it means the customer expects routing that won't happen.
    queues.forEach((queue, index) => {
      if (text(queue.name) === DEFAULT_QUEUE) return;
      issues.push(
        issueAt(
          ["workerQueues", String(index)],
          "the KUBERNETES executor runs every task in its own pod; worker queues need the CELERY executor",
        ),
      );
    });
  }
  const seenSettings = new Map<string, number>();
  listOf(input.airflowConfigOverrides).forEach((override, index) => {
    const section = text(override.section)?.toLowerCase();
    const key = text(override.key)?.toLowerCase();
    if (!section || !key) return;
    const dotted = `${section}.${key}`;
    const first = seenSettings.get(dotted);
    if (first !== undefined) {
      issues.push({
        field: `airflowConfigOverrides.${index}.key`,
        message: `${itemLabel("airflowConfigOverrides", index)}: ${dotted} is already overridden by ${itemLabel("airflowConfigOverrides", first).toLowerCase()}`,
      });
    } else seenSettings.set(dotted, index);
    if (
      isRecord(input.gitSource) &&
      section === DAG_BUNDLE_SETTING.section &&
      key === DAG_BUNDLE_SETTING.key
    ) {
      issues.push(
        issueAt(
          ["airflowConfigOverrides", String(index), "key"],
          `${dotted} is set from the Git source; remove one of the two`,
        ),
      );
    }
    if (input.executor === "KUBERNETES" && section === "celery") {
      issues.push(
        issueAt(
          ["airflowConfigOverrides", String(index), "section"],
          "celery only applies to the CELERY executor",
        ),
      );
    }
  });
  const runtime = findRuntime(text(input.runtimeVersion) ?? DEFAULT_RUNTIME_VERSION);
  const gitProblem = runtime && input.gitSource !== undefined ? gitSourceRuntimeProblem(runtime) : undefined;
  if (gitProblem) issues.push(issueAt(["gitSource"], gitProblem));
  issues.push(
    ...runtimeLineIssues({
      runtimeVersion: text(input.runtimeVersion) ?? DEFAULT_RUNTIME_VERSION,
      airflowConfigOverrides: listOf(input.airflowConfigOverrides).map((override) => ({
        section: text(override.section) ?? "",
        key: text(override.key) ?? "",
      })),
    }),
  );
  return issues;
}

type ParsedInput = z.output<typeof deploymentSpecInput>;

function normalise(input: ParsedInput): DeploymentSpec {
  const concurrencyOverride = input.airflowConfigOverrides.find(
    (override) => override.section === "celery" && override.key === "worker_concurrency",
  );
  const defaultConcurrency = concurrencyOverride
    ? Number(concurrencyOverride.value)
    : DEFAULT_WORKER_CONCURRENCY;
  let workerQueues: WorkerQueue[] = [];
  if (input.executor === "CELERY") {
    workerQueues = input.workerQueues.map((queue) => ({
      name: queue.name,
      workerSize: queue.workerSize,
      minWorkers: queue.minWorkers,
      maxWorkers: queue.maxWorkers,
      workerConcurrency: queue.workerConcurrency ?? defaultConcurrency,
    }));
    if (!workerQueues.some((queue) => queue.name === DEFAULT_QUEUE)) {
      workerQueues.push({
        name: DEFAULT_QUEUE,
        workerSize: "S",
        minWorkers: 1,
        maxWorkers: 10,
        workerConcurrency: defaultConcurrency,
      });
    }
    // Canonical order: `default` first, then by name. Order carries no meaning, so two specs
    // listing the same queues differently are the same spec (and hash the same).
    workerQueues.sort((a, b) =>
      a.name === DEFAULT_QUEUE ? -1 : b.name === DEFAULT_QUEUE ? 1 : a.name.localeCompare(b.name),
    );
  }
  const airflowConfigOverrides = [...input.airflowConfigOverrides].sort((a, b) =>
    `${a.section}.${a.key}`.localeCompare(`${b.section}.${b.key}`),
  );
  const contactEmails = [...new Set(input.contactEmails)].sort();
  return {
    name: input.name,
    description: input.description,
    runtimeVersion: input.runtimeVersion,
    executor: input.executor,
    schedulerSize: input.schedulerSize,
    highAvailability: input.highAvailability,
    workerQueues,
    airflowConfigOverrides,
    contactEmails,
    ...(input.gitSource
      ? {
          gitSource: {
            url: input.gitSource.url,
            ref: input.gitSource.ref,
            subPath: input.gitSource.subPath,
            ...(input.gitSource.connectionId ? { connectionId: input.gitSource.connectionId } : {}),
          },
        }
      : {}),
  };
}

/** Every problem of the spec at once: each field's first broken rule and every cross-field rule. */
export function parseDeploymentSpec(input: unknown): SpecParseResult {
  const parsed = deploymentSpecInput.safeParse(input);
  const issues = onePerField([...(parsed.success ? [] : toIssues(parsed.error)), ...crossFieldIssues(input)]);
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  return { ok: true, spec: normalise(parsed.data) };
}

/** For callers holding a spec they know is valid (fixtures, stored specs): throws otherwise. */
export function deploymentSpec(input: unknown): DeploymentSpec {
  const result = parseDeploymentSpec(input);
  if (!result.ok) {
    const detail = result.issues.map((issue) => issue.message).join("; ");
    throw new Error(`invalid deployment spec: ${detail}`);
  }
  return result.spec;
}

/**
 * The spec's fields as JSON Schema (what a request sends, defaults included), without the
 * deployment's own name and description: the API documents a request's `spec` with it.
 */
export function specFieldsJsonSchema(): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(
    deploymentSpecInput.omit({ name: true, description: true }),
    { io: "input", target: "draft-2020-12", unrepresentable: "any" },
  ) as Record<string, unknown>;
  return schema;
}
