// The deployment spec as the domain handles it: customer input validated by the provisioning
// package's parser, errors renamed to the fields of the request, and the comparisons that
// decide whether a change is a new generation.
import { type DeploymentSpec, parseDeploymentSpec } from "@skyport/deployment-spec";
import { specHash } from "@skyport/deployment-spec/hash";
import canonicalize from "canonicalize";
import { type FieldIssue, ValidationError } from "../shared/errors.ts";

export type { DeploymentSpec };

/**
 * The spec fields a request carries under `spec`: everything but the name and description,
 * which are the deployment's own fields (the stored spec repeats them, see parseSpecRequest).
 */
export type DeploymentSpecFields = Record<string, unknown>;

/** Where a spec issue belongs in the request: `name` and `description` are top-level fields. */
function requestField(specField: string): string {
  if (specField === "name" || specField === "description") return specField;
  if (specField === "spec") return "spec";
  return `spec.${specField}`;
}

/**
 * Validates a request's name, description and spec fields as one deployment spec. Returns the
 * normalised spec (defaults filled in, the `default` worker queue present for Celery, lists
 * in canonical order); otherwise throws one ValidationError naming every field at fault, as
 * dotted request paths (`spec.workerQueues.1.maxWorkers`, `spec.airflowConfigOverrides.0.key`).
 */
export function parseSpecRequest(input: {
  name: unknown;
  description?: unknown;
  spec: unknown;
}): DeploymentSpec {
  if (typeof input.spec !== "object" || input.spec === null || Array.isArray(input.spec)) {
    throw new ValidationError("spec", "spec must be an object with the deployment's settings");
  }
  const issues: FieldIssue[] = [];
  for (const own of ["name", "description"] as const) {
    if (Object.hasOwn(input.spec, own)) {
      issues.push({
        field: `spec.${own}`,
        message: `${own} is not a spec field; set the deployment's ${own} instead`,
      });
    }
  }
  const result = parseDeploymentSpec({
    ...(input.spec as DeploymentSpecFields),
    name: input.name,
    description: input.description ?? "",
  });
  if (!result.ok) {
    for (const issue of result.issues)
      issues.push({ field: requestField(issue.field), message: issue.message });
  }
  if (issues.length > 0 || !result.ok) throw ValidationError.of(issues);
  return result.spec;
}

/**
 * What the runtime is built from: the spec without its description, which no Kubernetes
 * object carries. Equal hashes mean a change needs no new generation.
 */
export function desiredStateHash(spec: DeploymentSpec): string {
  return specHash({ ...spec, description: "" });
}

/** The top-level spec fields that differ, as request paths (`spec.workerQueues`, `description`). */
export function changedSpecFields(before: DeploymentSpec, after: DeploymentSpec): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("name");
  const changed: string[] = [];
  for (const key of [...keys].sort()) {
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    // Stored specs come back from jsonb with their keys reordered: compare canonical forms.
    if (canonicalize(a ?? null) !== canonicalize(b ?? null)) changed.push(requestField(key));
  }
  return changed;
}

/**
 * A spec as stored. It was validated and normalised when written, so it is read as is (a
 * runtime later dropped from the catalog must not make the deployment unreadable; the next
 * update validates it again).
 */
export function storedSpec(value: unknown): DeploymentSpec {
  return value as DeploymentSpec;
}
