// Identity of an object across renders and the cluster: group/version, kind, namespace, name.
import type { KubeObject } from "../render/types.ts";

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export function refOf(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name };
  return object.metadata.namespace ? { ...ref, namespace: object.metadata.namespace } : ref;
}

/** `apps/v1/Deployment/skyport-abc/scheduler`; cluster-scoped objects have an empty namespace. */
export function objectKey(object: ObjectRef | KubeObject): string {
  const ref = "metadata" in object ? refOf(object) : object;
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}
