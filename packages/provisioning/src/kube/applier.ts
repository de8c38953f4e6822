// KubernetesApplier: writes a deployment's desired objects to a cluster with server-side apply
// (field manager `skyport`, force: Skyport owns these fields outright), skipping objects the
// cluster already holds as desired; prunes Skyport-owned objects no longer desired; deletes
// namespaces; reports workload readiness. Idempotent throughout: every method can be re-run
// after a crash at any point and converges.
import { type KubeConfig, PatchStrategy } from "@kubernetes/client-node";
import { MANAGED_BY, MANAGED_BY_VALUE } from "../render/labels.ts";
import type { KubeObject } from "../render/types.ts";
import { KINDS } from "../validate/schemas.ts";
import { statusOf, toApiError } from "./api-error.ts";
import { APPLIED_HASH, appliedHash, withAppliedHash } from "./applied-hash.ts";
import { liveDrift } from "./live-drift.ts";
import { type ObjectRef, objectKey, refOf } from "./object-key.ts";
import { PlainObjectApi } from "./plain-object-api.ts";
import {
  type DeploymentLike,
  type DeploymentReadiness,
  deploymentReadiness,
  type JobLike,
  jobReadiness,
  summarise,
} from "./readiness.ts";

export const FIELD_MANAGER = "skyport";
const OWNED = `${MANAGED_BY}=${MANAGED_BY_VALUE}`;

export interface ApplyOptions {
  /** Re-apply every object even when its applied-hash matches (one write per object). */
  readonly force?: boolean;
  /** Compare each object whose applied-hash matches with the live object the API server holds
   * (liveDrift) and re-apply only those someone edited: drift repair that writes nothing when
   * nothing drifted. */
  readonly repairDrift?: boolean;
}

export interface ApplyResult {
  readonly applied: readonly ObjectRef[];
  readonly unchanged: readonly ObjectRef[];
  /** Of `applied`: objects re-applied because their live state had drifted (repairDrift), with
   * the first field that differed. */
  readonly repaired?: readonly { readonly ref: ObjectRef; readonly field: string }[];
}

interface ListedObject {
  readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
}

/** Kinds Skyport may prune, children before parents (a ScaledObject before the Deployment it
 * scales, so KEDA never targets a missing workload). */
const PRUNE_ORDER = [...KINDS.filter((kind) => kind.rendered && kind.namespaced)].reverse();

export class KubernetesApplier {
  private readonly client: PlainObjectApi;

  constructor(kubeConfig: KubeConfig) {
    this.client = PlainObjectApi.forConfig(kubeConfig);
  }

  /** Each Skyport-owned object of one kind in one namespace, as the API server holds it, by name. */
  private async currentObjects(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    names: string[],
  ) {
    const current = new Map<string, KubeObject>();
    if (namespace === undefined) {
      // Cluster-scoped (the Namespace): read by name rather than list every Skyport namespace.
      for (const name of names) {
        const found = await this.read({ apiVersion, kind, name });
        if (found) current.set(name, found);
      }
      return current;
    }
    const list = await this.client
      .list<KubeObject>(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, OWNED)
      .catch((error: unknown) => {
        throw toApiError(`list ${kind} in ${namespace}`, error);
      });
    for (const item of list.items) {
      if (item.metadata?.name) current.set(item.metadata.name, item);
    }
    return current;
  }

  async apply(objects: readonly KubeObject[], options: ApplyOptions = {}): Promise<ApplyResult> {
    const groups = new Map<
      string,
      { apiVersion: string; kind: string; namespace?: string; names: string[] }
    >();
    for (const object of objects) {
      const groupKey = `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ""}`;
      const group = groups.get(groupKey) ?? {
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
        names: [],
      };
      group.names.push(object.metadata.name);
      groups.set(groupKey, group);
    }
    const current = new Map<string, KubeObject>();
    if (!options.force) {
      const listed = await Promise.all(
        [...groups.values()].map(async (group) => ({
          group,
          objects: await this.currentObjects(group.apiVersion, group.kind, group.namespace, group.names),
        })),
      );
      for (const { group, objects: found } of listed) {
        for (const [name, live] of found) {
          current.set(
            objectKey({ apiVersion: group.apiVersion, kind: group.kind, namespace: group.namespace, name }),
            live,
          );
        }
      }
    }
    const applied: ObjectRef[] = [];
    const unchanged: ObjectRef[] = [];
    const repaired: { ref: ObjectRef; field: string }[] = [];
    // In the given order: the namespace must exist before what lives in it.
    for (const object of objects) {
      const ref = refOf(object);
      const live = current.get(objectKey(ref));
      if (live?.metadata.annotations?.[APPLIED_HASH] === appliedHash(object)) {
        const drifted = options.repairDrift ? liveDrift(object, live) : undefined;
        if (drifted === undefined) {
          unchanged.push(ref);
          continue;
        }
        repaired.push({ ref, field: drifted });
      }
      const desired = withAppliedHash(structuredClone(object));
      try {
        await this.client.patch(
          desired,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        );
      } catch (error) {
        throw toApiError(`apply ${objectKey(ref)}`, error);
      }
      applied.push(ref);
    }
    return { applied, unchanged, ...(options.repairDrift ? { repaired } : {}) };
  }

  /** The Skyport-owned objects of one kind in `namespace`. */
  private listOwned(apiVersion: string, kind: string, namespace: string) {
    return this.client.list<KubeObject>(
      apiVersion,
      kind,
      namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      OWNED,
    );
  }

  /** Deletes Skyport-owned objects in `namespace` whose key is not in `desiredKeys`. */
  async prune(namespace: string, desiredKeys: Iterable<string>): Promise<ObjectRef[]> {
    const desired = new Set(desiredKeys);
    const pruned: ObjectRef[] = [];
    for (const kind of PRUNE_ORDER) {
      const list = await this.listOwned(kind.apiVersion, kind.kind, namespace).catch((error: unknown) => {
        throw toApiError(`list ${kind.kind} in ${namespace}`, error);
      });
      for (const item of list.items as ListedObject[]) {
        const name = item.metadata?.name;
        if (!name) continue;
        const ref: ObjectRef = { apiVersion: kind.apiVersion, kind: kind.kind, namespace, name };
        if (desired.has(objectKey(ref))) continue;
        await this.delete(ref);
        pruned.push(ref);
      }
    }
    return pruned;
  }

  /** Deletes the namespace, and with it everything in it. "absent" if it was already gone. */
  async deleteNamespace(name: string): Promise<"deleted" | "absent"> {
    return (await this.delete({ apiVersion: "v1", kind: "Namespace", name })) ? "deleted" : "absent";
  }

  async namespaceExists(name: string): Promise<boolean> {
    return (await this.read({ apiVersion: "v1", kind: "Namespace", name })) !== undefined;
  }

  async readiness(namespace: string): Promise<DeploymentReadiness> {
    const [deployments, jobs] = await Promise.all([
      this.listOwned("apps/v1", "Deployment", namespace),
      this.listOwned("batch/v1", "Job", namespace),
    ]).catch((error: unknown) => {
      throw toApiError(`read workloads in ${namespace}`, error);
    });
    return summarise([
      ...(deployments.items as DeploymentLike[]).map(deploymentReadiness),
      ...(jobs.items as JobLike[]).map(jobReadiness),
    ]);
  }

  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return await this.client.read<KubeObject>({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
      });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toApiError(`read ${objectKey(ref)}`, error);
    }
  }

  /** Closes kept-alive connections to the API server (at shutdown; the applier is unusable after). */
  close(): void {
    this.client.close();
  }

  /** true if deleted, false if it did not exist. */
  private async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.client.delete(
        {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        "Background",
      );
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw toApiError(`delete ${objectKey(ref)}`, error);
    }
  }
}
