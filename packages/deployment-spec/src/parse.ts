// parseDeploymentSpec: untrusted input → a normalised DeploymentSpec, or every problem found,
// each naming its field as a dotted path ("workerQueues.1.maxWorkers") for forms and APIs.
import type { z } from "zod";
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

/** One message per field (the first rule it broke), so forms show one line per input. */
function toIssues(error: z.ZodError): SpecIssue[] {
  const issues = error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...base, key].join("."), message: "is not a known field" }));
    }
    return [{ field: base.length > 0 ? base.join(".") : "spec", message: issue.message }];
  });
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field));
}

type ParsedInput = z.output<typeof deploymentSpecInput>;

/** Rules that span fields; run once every field is individually valid. */
function crossFieldIssues(input: ParsedInput): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seenQueues = new Map<string, number>();
  input.workerQueues.forEach((queue, index) => {
    const first = seenQueues.get(queue.name);
    if (first !== undefined) {
      issues.push({ field: `workerQueues.${index}.name`, message: `duplicates workerQueues.${first}.name` });
    } else seenQueues.set(queue.name, index);
  });
  if (input.executor === "KUBERNETES") {
    // The console keeps the implicit `default` queue when switching executors; accept it
    // silently, but any queue beyond it means the customer expects routing that won't happen.
    input.workerQueues.forEach((queue, index) => {
      if (queue.name === DEFAULT_QUEUE) return;
      issues.push({
        field: `workerQueues.${index}`,
        message:
          "the KUBERNETES executor runs every task in its own pod; worker queues need the CELERY executor",
      });
    });
  }
  const seenSettings = new Map<string, number>();
  input.airflowConfigOverrides.forEach((override, index) => {
    const dotted = `${override.section}.${override.key}`;
    const first = seenSettings.get(dotted);
    if (first !== undefined) {
      issues.push({
        field: `airflowConfigOverrides.${index}.key`,
        message: `${dotted} is already overridden by airflowConfigOverrides.${first}`,
      });
    } else seenSettings.set(dotted, index);
    if (input.executor === "KUBERNETES" && override.section === "celery") {
      issues.push({
        field: `airflowConfigOverrides.${index}.section`,
        message: "celery settings only apply to the CELERY executor",
      });
    }
  });
  issues.push(...runtimeLineIssues(input));
  return issues;
}

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
  };
}

export function parseDeploymentSpec(input: unknown): SpecParseResult {
  const parsed = deploymentSpecInput.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, spec: normalise(parsed.data) };
}

/** For callers holding a spec they know is valid (fixtures, stored specs): throws otherwise. */
export function deploymentSpec(input: unknown): DeploymentSpec {
  const result = parseDeploymentSpec(input);
  if (!result.ok) {
    const detail = result.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");
    throw new Error(`invalid deployment spec: ${detail}`);
  }
  return result.spec;
}
