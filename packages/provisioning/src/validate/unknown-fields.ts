// Fields the API does not declare. The OpenAPI validators accept unknown properties, but a real
// API server refuses them on server-side apply ("field not declared in schema") — and the
// client library silently drops them before sending, so a typo would vanish without a trace.
// The declared fields come from @kubernetes/client-node's models, generated from the same
// official OpenAPI document.
import * as models from "@kubernetes/client-node";

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

type Model = { getAttributeTypeMap?: () => Attribute[] };

const registry = models as unknown as Record<string, Model | undefined>;

/** The client's model name for a kind: `apps/v1` + `Deployment` → `V1Deployment`. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.includes("/") ? (apiVersion.split("/")[1] ?? "") : apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

export function hasModel(apiVersion: string, kind: string): boolean {
  return typeof registry[modelName(apiVersion, kind)]?.getAttributeTypeMap === "function";
}

function walk(value: unknown, type: string, path: string, issues: FieldIssue[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, array[1], `${path}[${i}]`, issues);
    }
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    if (typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, map[1], `${path}.${key}`, issues);
    }
    return;
  }
  const attributes = registry[type]?.getAttributeTypeMap?.();
  // Primitive, IntOrString and free-form types have no declared attributes: nothing to check.
  if (!attributes || typeof value !== "object" || Array.isArray(value)) return;
  const declared = new Map(attributes.map((attribute) => [attribute.baseName, attribute.type]));
  for (const [key, child] of Object.entries(value)) {
    const childType = declared.get(key);
    const childPath = path ? `${path}.${key}` : key;
    if (childType === undefined) issues.push({ path: childPath, message: "field not declared in schema" });
    else walk(child, childType, childPath, issues);
  }
}

export function unknownFields(object: { apiVersion: string; kind: string }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (hasModel(object.apiVersion, object.kind))
    walk(object, modelName(object.apiVersion, object.kind), "", issues);
  return issues;
}
