// The Celery broker: a Redis private to the deployment, password-protected, without persistence
// (queued messages are re-sent by the scheduler for task instances stuck in `queued`).

import { FIXED_SIZES, resourcesFor } from "@skyport/deployment-spec";
import { BROKER_PORT, BROKER_SERVICE, type RenderContext } from "./context.ts";
import { componentLabels } from "./labels.ts";
import { basePodSpec, containerSecurityContext, REDIS_UID, scratchVolume } from "./pod.ts";
import { AIRFLOW_SERVICE_ACCOUNT } from "./rbac.ts";
import { SECRET_NAMES } from "./secrets.ts";
import { clusterService, type NamedDeployment, renderWorkload } from "./workload.ts";

export const REDIS_IMAGE = "redis:7.2.5-bookworm";

export function renderBroker(ctx: RenderContext, brokerChecksum: string) {
  const labels = componentLabels(ctx.owner, "redis");
  const deployment: NamedDeployment = renderWorkload(
    ctx,
    "redis",
    {
      metadata: { labels, annotations: { "skyport.io/config-checksum": brokerChecksum } },
      spec: {
        ...basePodSpec(REDIS_UID, AIRFLOW_SERVICE_ACCOUNT),
        containers: [
          {
            name: "redis",
            image: REDIS_IMAGE,
            imagePullPolicy: "IfNotPresent",
            command: ["redis-server"],
            // $(REDIS_PASSWORD) is expanded by the kubelet from the env below, so the password
            // never appears in the manifest.
            args: [
              "--requirepass",
              "$(REDIS_PASSWORD)",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              "/data",
            ],
            env: [
              {
                name: "REDIS_PASSWORD",
                valueFrom: { secretKeyRef: { name: SECRET_NAMES.broker, key: "password" } },
              },
            ],
            ports: [{ name: "redis", containerPort: BROKER_PORT, protocol: "TCP" }],
            readinessProbe: { tcpSocket: { port: "redis" }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: "redis" }, initialDelaySeconds: 15, periodSeconds: 20 },
            resources: resourcesFor(FIXED_SIZES.redis),
            securityContext: containerSecurityContext(REDIS_UID),
            volumeMounts: [{ name: "data", mountPath: "/data" }],
          },
        ],
        volumes: [scratchVolume("data", "1Gi")],
      },
    },
    // Never two brokers at once: workers would split between them.
    { component: "redis", replicas: 1, strategy: { type: "Recreate" } },
  );
  const service = clusterService(ctx, BROKER_SERVICE, "redis", [
    { name: "redis", port: BROKER_PORT, targetPort: "redis", protocol: "TCP" },
  ]);
  return { deployment, service };
}
