// The pod template every Airflow process runs in: the official image with its own entrypoint
// (dumb-init + `airflow <args>`), configuration from env, a writable AIRFLOW_HOME and /tmp on
// bounded emptyDirs under an otherwise read-only root filesystem, and an init container that
// waits until the metadata database schema matches the image.

import { type Compute, FIXED_SIZES, resourcesFor } from "@skyport/deployment-spec";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IContainerPort } from "kubernetes-models/v1/ContainerPort";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import { AIRFLOW_HOME, airflowEnvFrom, airflowSecretEnv } from "./airflow-config.ts";
import { bundlePodParts } from "./bundle-sync.ts";
import type { RenderContext } from "./context.ts";
import { imagePullSecrets } from "./deploy-image.ts";
import {
  CONFIG_CHECKSUM,
  componentLabels,
  componentSelector,
  ENVIRONMENT_CHECKSUM,
  type PodComponent,
} from "./labels.ts";
import { AIRFLOW_UID, basePodSpec, containerSecurityContext, scratchVolume } from "./pod.ts";

export interface AirflowPodOptions {
  readonly component: PodComponent;
  readonly queue?: string;
  /** Arguments to the image entrypoint, i.e. the `airflow` subcommand. */
  readonly args: readonly string[];
  readonly compute: Compute;
  readonly serviceAccountName: string;
  /** Mount a service account token: only for pods that call the Kubernetes API. */
  readonly kubernetesApiAccess?: boolean;
  readonly ports?: readonly IContainerPort[];
  readonly extraEnv?: readonly IEnvVar[];
  readonly readinessProbe?: IProbe;
  readonly livenessProbe?: IProbe;
  readonly extraVolumes?: readonly IVolume[];
  readonly extraVolumeMounts?: readonly IVolumeMount[];
  readonly configChecksum?: string;
  readonly waitForMigrations?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly restartPolicy?: "Always" | "OnFailure" | "Never";
  readonly spreadReplicas?: boolean;
}

function scratchMounts(): IVolumeMount[] {
  return [
    { name: "airflow-home", mountPath: AIRFLOW_HOME },
    { name: "tmp", mountPath: "/tmp" },
  ];
}

export function airflowContainer(
  ctx: RenderContext,
  name: string,
  args: readonly string[],
  compute: Compute,
  extras: Pick<
    AirflowPodOptions,
    "ports" | "extraEnv" | "readinessProbe" | "livenessProbe" | "extraVolumeMounts"
  > = {},
): IContainer {
  const container: IContainer = {
    name,
    image: ctx.runtime.image,
    imagePullPolicy: "IfNotPresent",
    envFrom: airflowEnvFrom(),
    env: [...airflowSecretEnv(ctx), ...(extras.extraEnv ?? [])],
    resources: resourcesFor(compute),
    securityContext: containerSecurityContext(AIRFLOW_UID),
    volumeMounts: [...scratchMounts(), ...(extras.extraVolumeMounts ?? [])],
  };
  // No args: the image's default command (KubernetesExecutor task pods get theirs from Airflow).
  if (args.length > 0) container.args = [...args];
  if (extras.ports && extras.ports.length > 0) container.ports = [...extras.ports];
  if (extras.readinessProbe) container.readinessProbe = extras.readinessProbe;
  if (extras.livenessProbe) container.livenessProbe = extras.livenessProbe;
  return container;
}

export function airflowPodTemplate(ctx: RenderContext, options: AirflowPodOptions): IPodTemplateSpec {
  const labels = componentLabels(ctx.owner, options.component, options.queue);
  const bundles = bundlePodParts(ctx, options.component, options.queue);
  const container = airflowContainer(ctx, options.component, options.args, options.compute, {
    ...options,
    extraEnv: [...(options.extraEnv ?? []), ...(bundles?.env ?? [])],
    extraVolumeMounts: [...(options.extraVolumeMounts ?? []), ...(bundles?.mounts ?? [])],
  });
  const initContainers = [
    ...(bundles?.initContainers ?? []),
    ...(options.waitForMigrations === false
      ? []
      : [
          airflowContainer(
            ctx,
            "wait-for-migrations",
            ["db", "check-migrations", "--migration-wait-timeout=600"],
            FIXED_SIZES.waitForMigrations,
          ),
        ]),
  ];
  const template: IPodTemplateSpec = {
    metadata: { labels },
    spec: {
      ...basePodSpec(AIRFLOW_UID, options.serviceAccountName),
      ...imagePullSecrets(ctx),
      automountServiceAccountToken: options.kubernetesApiAccess === true,
      terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 60,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: [container, ...(bundles?.sidecars ?? [])],
      volumes: [
        scratchVolume("airflow-home", "2Gi"),
        scratchVolume("tmp", "1Gi"),
        ...(options.extraVolumes ?? []),
        ...(bundles?.volumes ?? []),
      ],
    },
  };
  if (options.restartPolicy && template.spec) template.spec.restartPolicy = options.restartPolicy;
  if (options.configChecksum) {
    // A config, secret or environment change changes these annotations, which rolls the pods
    // (env is read once at process start, so new values need new pods).
    template.metadata = {
      labels,
      annotations: {
        [CONFIG_CHECKSUM]: options.configChecksum,
        [ENVIRONMENT_CHECKSUM]: ctx.environment.checksum,
      },
    };
  }
  if (options.spreadReplicas && template.spec) {
    template.spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: "kubernetes.io/hostname",
              labelSelector: { matchLabels: componentSelector(ctx.owner, options.component, options.queue) },
            },
          },
        ],
      },
    };
  }
  return template;
}
