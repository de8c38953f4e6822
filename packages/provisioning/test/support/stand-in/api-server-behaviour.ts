// What the stand-in does as an API server beyond storing objects: schema validation, Pod
// Security admission, defaulting, the status controllers would report, and body handling.
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import { checkRestrictedPodSpec, podSpecsOf } from "../../../src/render/pod-security.ts";
import type { ApiResource } from "./api-resources.ts";
import type { Json, JsonObject } from "./server-side-apply.ts";
import { StatusError } from "./status.ts";

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isObject(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep(value[k])]),
    );
  return value;
}

export function validateSchema(
  resource: ApiResource,
  object: JsonObject,
  kindLabel: string,
  name: string,
): void {
  try {
    new resource.schema(object as never).validate();
  } catch (error) {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors ?? [];
    const causes = errors.map((e) => ({
      reason: "FieldValueInvalid",
      field: (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", "."),
      message: e.message ?? "invalid",
    }));
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(", ");
    throw new StatusError(422, "Invalid", `${kindLabel} "${name}" is invalid: [${summary}]`, {
      name,
      kind: resource.plural,
      causes,
    });
  }
}

/** Pod Security admission for a namespace labelled pod-security.kubernetes.io/enforce=restricted:
 * `"restricted:<version>": <violations>`, or undefined when admitted. */
export function podSecurityViolation(
  namespaceLabels: Record<string, string>,
  object: JsonObject,
): string | undefined {
  if (namespaceLabels["pod-security.kubernetes.io/enforce"] !== "restricted") return undefined;
  const version = namespaceLabels["pod-security.kubernetes.io/enforce-version"] ?? "latest";
  const violations = podSpecsOf(object as never).flatMap((pod) =>
    checkRestrictedPodSpec(pod.spec, pod.annotations),
  );
  if (violations.length === 0) return undefined;
  return `"restricted:${version}": ${violations.map((v) => `${v.control}: ${v.path} ${v.message}`).join("; ")}`;
}

/** Fields the real API server fills in, and write-only inputs it converts. */
export function defaulted(
  resource: ApiResource,
  merged: JsonObject,
  previous: JsonObject | undefined,
): JsonObject {
  const content = structuredClone(merged);
  if (resource.kind === "Deployment") {
    const spec = (content.spec ?? {}) as JsonObject;
    if (spec.replicas === undefined) {
      const before = (previous?.spec as JsonObject | undefined)?.replicas;
      spec.replicas = typeof before === "number" ? before : 1;
    }
    content.spec = spec;
  }
  if (resource.kind === "Secret" && isObject(content.stringData)) {
    const data: JsonObject = { ...((content.data as JsonObject | undefined) ?? {}) };
    for (const [key, value] of Object.entries(content.stringData))
      data[key] = Buffer.from(String(value)).toString("base64");
    content.data = data;
    delete content.stringData;
  }
  return content;
}

export function initialStatus(
  kind: string,
  content: JsonObject,
  generation: number,
  podAdmissionError: string | undefined,
): JsonObject | undefined {
  switch (kind) {
    case "Namespace":
      return { phase: "Active" };
    case "Deployment": {
      const spec = (content.spec ?? {}) as JsonObject;
      const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
      const conditions: Json[] = [{ type: "Progressing", status: "True", reason: "ReplicaSetUpdated" }];
      if (podAdmissionError) {
        conditions.push({
          type: "ReplicaFailure",
          status: "True",
          reason: "FailedCreate",
          message: podAdmissionError,
        });
      }
      return {
        observedGeneration: generation,
        replicas: desired,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        conditions,
      };
    }
    case "Job":
      return { active: 1 };
    default:
      return undefined;
  }
}

export function parseJsonOrYaml(body: string, yamlAllowed: boolean): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    if (!yamlAllowed) throw error;
    return parseYaml(body);
  }
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
