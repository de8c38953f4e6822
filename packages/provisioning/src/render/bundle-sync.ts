// DAG bundles in the runtime: the sync program (packages/dag-bundle/sync) runs from the
// deployment's own Airflow image — once as an init container, so Airflow starts with the
// current bundle, then as a sidecar that follows new deploys — and installs bundles in an
// emptyDir shared with the Airflow container, which reads `<root>/current` as its DAG folder.
// It authenticates with the deployment's read-only bundle credential (its own Secret) and may
// reach Skyport's public address only (allow-skyport).
import { BUNDLE_SYNC_SCRIPT_NAME, bundleSyncScript } from "@skyport/dag-bundle/sync-script";
import { resourcesFor } from "@skyport/deployment-spec";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { RenderContext } from "./context.ts";
import { ownershipLabels, type PodComponent } from "./labels.ts";
import { AIRFLOW_UID, containerSecurityContext, scratchVolume } from "./pod.ts";
import { BUNDLE_SYNC_COMPUTE } from "./topology.ts";
import { REDACTED } from "./types.ts";

export const BUNDLE_ROOT = "/opt/airflow/skyport-dags";
export const BUNDLE_SYNC_CONFIG_MAP = "skyport-bundle-sync";
export const BUNDLE_CREDENTIAL_SECRET = "skyport-bundle-credential";
const SCRIPT_DIR = "/opt/skyport/bundle-sync";

/** Pods that read DAG files: they get the sidecar; KubernetesExecutor task pods the init container only. */
const FOLLOWING: ReadonlySet<PodComponent> = new Set(["scheduler", "dag-processor", "triggerer", "worker"]);
const ONCE_ONLY: ReadonlySet<PodComponent> = new Set(["task"]);

export function bundleSyncEnabled(ctx: RenderContext): boolean {
  return ctx.input.bundleSync !== undefined;
}

export function renderBundleSyncConfigMap(ctx: RenderContext): IConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: BUNDLE_SYNC_CONFIG_MAP, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    data: { [BUNDLE_SYNC_SCRIPT_NAME]: bundleSyncScript() },
  };
}

export function renderBundleCredentialSecret(ctx: RenderContext): ISecret {
  const credential =
    ctx.input.secrets === "redacted" ? REDACTED : (ctx.input.bundleSync?.credential ?? REDACTED);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: BUNDLE_CREDENTIAL_SECRET,
      namespace: ctx.namespace,
      labels: ownershipLabels(ctx.owner),
    },
    type: "Opaque",
    stringData: { token: credential },
  };
}

function syncContainer(ctx: RenderContext, name: string, once: boolean): IContainer {
  const sync = ctx.input.bundleSync;
  if (!sync) throw new Error("bundle sync is not configured");
  return {
    name,
    image: ctx.runtime.image,
    imagePullPolicy: "IfNotPresent",
    command: ["python3", `${SCRIPT_DIR}/${BUNDLE_SYNC_SCRIPT_NAME}`, ...(once ? ["--once"] : [])],
    env: [
      { name: "SKYPORT_BUNDLE_URL", value: `${sync.url.replace(/\/+$/, "")}/api/v1/runtime/bundle` },
      {
        name: "SKYPORT_BUNDLE_TOKEN",
        valueFrom: { secretKeyRef: { name: BUNDLE_CREDENTIAL_SECRET, key: "token" } },
      },
      { name: "SKYPORT_BUNDLE_ROOT", value: BUNDLE_ROOT },
      { name: "PYTHONDONTWRITEBYTECODE", value: "1" },
    ],
    resources: resourcesFor(BUNDLE_SYNC_COMPUTE),
    securityContext: containerSecurityContext(AIRFLOW_UID),
    volumeMounts: [
      { name: "dag-bundles", mountPath: BUNDLE_ROOT },
      { name: "bundle-sync", mountPath: SCRIPT_DIR, readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ],
  };
}

export interface BundlePodParts {
  initContainers: IContainer[];
  sidecars: IContainer[];
  volumes: IVolume[];
  /** For the Airflow container: the shared folder, read-only. */
  mounts: IVolumeMount[];
  env: IEnvVar[];
}

/** What a pod of `component` adds for DAG bundles (nothing when bundles are off or it reads no DAGs). */
export function bundlePodParts(ctx: RenderContext, component: PodComponent): BundlePodParts | null {
  if (!bundleSyncEnabled(ctx)) return null;
  const follows = FOLLOWING.has(component);
  if (!follows && !ONCE_ONLY.has(component)) return null;
  return {
    initContainers: [syncContainer(ctx, "bundle-sync-init", true)],
    sidecars: follows ? [syncContainer(ctx, "bundle-sync", false)] : [],
    volumes: [
      scratchVolume("dag-bundles", "2Gi"),
      { name: "bundle-sync", configMap: { name: BUNDLE_SYNC_CONFIG_MAP, defaultMode: 0o444 } },
    ],
    mounts: [{ name: "dag-bundles", mountPath: BUNDLE_ROOT, readOnly: true }],
    env: [{ name: "AIRFLOW__CORE__DAGS_FOLDER", value: `${BUNDLE_ROOT}/current` }],
  };
}
