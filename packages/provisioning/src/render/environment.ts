// The customer's environment (environment variables, Airflow connections and variables) as one
// Secret that every Airflow container reads with envFrom. The pods' restart checksum is computed
// from names, row ids and value versions, never from values: a hash of a short password in a pod
// annotation could be brute-forced by anyone who can read Deployments.

import { canonicalJson, sha256Hex } from "@skyport/deployment-spec/canonical-json";
import type { ISecret } from "kubernetes-models/v1/Secret";
import {
  type EnvironmentEntry,
  environmentName,
  MAX_ENVIRONMENT_BYTES,
  utf8Bytes,
} from "../environment/delivery.ts";
import {
  connectionIdProblem,
  environmentVariableNameProblem,
  variableKeyProblem,
} from "../environment/names.ts";
import type { RenderIssue } from "./context.ts";
import { type Owner, ownershipLabels } from "./labels.ts";
import { REDACTED } from "./types.ts";

export const ENVIRONMENT_SECRET = "airflow-environment";

function keyProblem(entry: EnvironmentEntry): string | undefined {
  switch (entry.kind) {
    case "environmentVariable":
      return environmentVariableNameProblem(entry.key);
    case "airflowConnection":
      return connectionIdProblem(entry.key);
    case "airflowVariable":
      return variableKeyProblem(entry.key);
    default: {
      const exhaustive: never = entry.kind;
      return exhaustive;
    }
  }
}

/**
 * The domain validates every object when it is written; this is the last check before anything
 * reaches the cluster, so a stored row that a later rule refuses fails the reconcile with a
 * message naming it rather than shadowing platform wiring. Issues never quote values.
 */
export function checkEnvironment(
  entries: readonly EnvironmentEntry[],
  redacted: boolean,
  issues: RenderIssue[],
): void {
  const seen = new Set<string>();
  let bytes = 0;
  for (const entry of entries) {
    const name = environmentName(entry.kind, entry.key);
    const field = `environment.${name}`;
    const problem = keyProblem(entry);
    if (problem) issues.push({ field, message: problem });
    if (seen.has(name)) issues.push({ field, message: "is delivered twice" });
    seen.add(name);
    if (entry.value === null) {
      if (!redacted)
        issues.push({ field, message: "has no value (only redacted manifests may omit values)" });
    } else {
      bytes += utf8Bytes(name) + utf8Bytes(entry.value);
    }
  }
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    issues.push({
      field: "environment",
      message: `adds up to ${bytes} bytes; a Kubernetes Secret holds at most ${MAX_ENVIRONMENT_BYTES}`,
    });
  }
}

/** Names, row ids and value versions: changes whenever a delivered value or name changes. */
export function environmentChecksum(entries: readonly EnvironmentEntry[]): string {
  const identity = entries
    .map((entry) => [environmentName(entry.kind, entry.key), entry.rowId, entry.valueVersion] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256Hex(canonicalJson(identity));
}

/**
 * Real values go in `data` (base64), not `stringData`: server-side apply removes a `data` key
 * Skyport stops applying, whereas a key dropped from `stringData` would linger in the stored
 * Secret, and a deleted variable would still reach the pods. Redacted manifests use
 * `stringData` so files read `<redacted>` verbatim.
 */
export function renderEnvironmentSecret(
  namespace: string,
  owner: Owner,
  entries: readonly EnvironmentEntry[],
  redacted: boolean,
): ISecret & { metadata: { name: string } } {
  const values = entries
    .map((entry) => ({ name: environmentName(entry.kind, entry.key), value: entry.value }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const secret: ISecret & { metadata: { name: string } } = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: ENVIRONMENT_SECRET, namespace, labels: ownershipLabels(owner) },
    type: "Opaque",
  };
  if (redacted) {
    secret.stringData = Object.fromEntries(values.map(({ name }) => [name, REDACTED]));
  } else {
    secret.data = Object.fromEntries(
      values.map(({ name, value }) => [name, Buffer.from(value ?? "", "utf8").toString("base64")]),
    );
  }
  return secret;
}
