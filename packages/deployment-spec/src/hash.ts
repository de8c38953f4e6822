// Change detection for specs: the worker compares hashes to decide whether a spec edit is a new
// generation. Specs are normalised by parseDeploymentSpec, so equal content means equal hash.
import { canonicalJson, sha256Hex } from "./canonical-json.ts";
import type { DeploymentSpec } from "./schema.ts";

/** `sha256:<hex>` of the spec's canonical JSON. */
export function specHash(spec: DeploymentSpec): string {
  return `sha256:${sha256Hex(canonicalJson(spec))}`;
}

export function specsEqual(a: DeploymentSpec, b: DeploymentSpec): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
