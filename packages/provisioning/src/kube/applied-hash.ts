// The applied-hash annotation: a digest of exactly what Skyport last applied, stored on the
// object itself. Comparing it with the digest of the desired object tells, with one list call
// per kind, which objects need a write — so reconciling an unchanged deployment writes nothing.
// Server-side fields (status, defaults, managedFields) never enter the digest, so controllers
// updating status do not cause re-applies. The flip side: a manual edit that leaves the
// annotation alone is invisible here; drift repair re-applies with `force`.
import { canonicalJson, sha256Hex } from "@skyport/deployment-spec/canonical-json";
import type { KubeObject } from "../render/types.ts";

export const APPLIED_HASH = "skyport.io/applied-hash";

export function appliedHash(object: KubeObject): string {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  delete annotations[APPLIED_HASH];
  const metadata = { ...object.metadata, annotations };
  return sha256Hex(canonicalJson({ ...object, metadata }));
}

/** A copy of the object carrying its own applied-hash annotation. */
export function withAppliedHash(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...(object.metadata.annotations ?? {}), [APPLIED_HASH]: appliedHash(object) },
    },
  };
}
