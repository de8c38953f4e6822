// validateObject: what a Kubernetes API server would reject about an object before admission —
// its OpenAPI schema, undeclared fields, metadata naming rules, and a Deployment selector that
// does not select its own pods. Returns every issue; an empty list means valid.
import { type KindInfo, kindInfo } from "./schemas.ts";
import { unknownFields } from "./unknown-fields.ts";

export interface ObjectIssue {
  /** Dotted path in the object, e.g. `spec.template.spec.containers.0.image`. */
  readonly path: string;
  readonly message: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

interface AjvError {
  readonly instancePath?: string;
  readonly message?: string;
}

function checkName(name: unknown, rule: KindInfo["nameRule"], path: string, issues: ObjectIssue[]): void {
  if (typeof name !== "string" || name === "") {
    issues.push({ path, message: "is required" });
    return;
  }
  const ok = {
    "dns-label": name.length <= 63 && DNS_LABEL.test(name),
    "dns-1035-label": name.length <= 63 && DNS_1035_LABEL.test(name),
    "dns-subdomain": name.length <= 253 && DNS_SUBDOMAIN.test(name),
    "path-segment": name !== "." && name !== ".." && !/[/%]/.test(name),
  }[rule];
  if (!ok) issues.push({ path, message: `"${name}" is not a valid ${rule} name` });
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return "has an invalid prefix";
  if (name.length > 63 || !LABEL_NAME.test(name)) return "has an invalid name part";
  return undefined;
}

export function checkLabels(labels: unknown, path: string, issues: ObjectIssue[]): void {
  if (labels === undefined) return;
  if (labels === null || typeof labels !== "object") {
    issues.push({ path, message: "must be a map of strings" });
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) issues.push({ path: `${path}.${key}`, message: `label key ${keyProblem}` });
    if (typeof value !== "string" || (value !== "" && (value.length > 63 || !LABEL_NAME.test(value)))) {
      issues.push({ path: `${path}.${key}`, message: `label value ${JSON.stringify(value)} is invalid` });
    }
  }
}

function checkMetadata(object: Record<string, unknown>, info: KindInfo, issues: ObjectIssue[]): void {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== "object") {
    issues.push({ path: "metadata", message: "is required" });
    return;
  }
  checkName(metadata.name, info.nameRule, "metadata.name", issues);
  if (info.namespaced) {
    if (metadata.namespace !== undefined)
      checkName(metadata.namespace, "dns-label", "metadata.namespace", issues);
  } else if (metadata.namespace !== undefined) {
    issues.push({ path: "metadata.namespace", message: `${info.kind} is not namespaced` });
  }
  checkLabels(metadata.labels, "metadata.labels", issues);
  if (metadata.annotations !== undefined) {
    const size = Object.entries(metadata.annotations as Record<string, unknown>).reduce(
      (total, [key, value]) => total + key.length + String(value).length,
      0,
    );
    if (size > MAX_ANNOTATIONS_BYTES)
      issues.push({ path: "metadata.annotations", message: "exceed 256 KiB" });
  }
}

/** The API server refuses a Deployment whose selector does not match its pod template. */
function checkSelector(object: Record<string, unknown>, issues: ObjectIssue[]): void {
  if (object.kind !== "Deployment" && object.kind !== "StatefulSet") return;
  const spec = object.spec as
    | {
        selector?: { matchLabels?: Record<string, string> };
        template?: { metadata?: { labels?: Record<string, string> } };
      }
    | undefined;
  const selector = spec?.selector?.matchLabels ?? {};
  const labels = spec?.template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value) {
      issues.push({
        path: "spec.template.metadata.labels",
        message: `selector ${key}=${value} does not match template labels`,
      });
    }
  }
  checkLabels(labels, "spec.template.metadata.labels", issues);
}

function schemaIssues(object: Record<string, unknown>, info: KindInfo): ObjectIssue[] {
  try {
    new info.model(object as never).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors))
      return [{ path: "", message: error instanceof Error ? error.message : String(error) }];
    return errors.map((e) => ({
      path: (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", "."),
      message: e.message ?? "is invalid",
    }));
  }
}

export function validateObject(object: unknown): ObjectIssue[] {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return [{ path: "", message: "must be an object" }];
  }
  const record = object as Record<string, unknown>;
  const { apiVersion, kind } = record;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [{ path: "", message: "apiVersion and kind are required" }];
  }
  const info = kindInfo(apiVersion, kind);
  if (!info) return [{ path: "kind", message: `no schema known for ${apiVersion} ${kind}` }];
  const issues = schemaIssues(record, info);
  issues.push(...unknownFields({ ...record, apiVersion, kind }));
  checkMetadata(record, info, issues);
  checkSelector(record, issues);
  return issues;
}
