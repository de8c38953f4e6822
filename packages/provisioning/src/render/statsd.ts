// statsd-exporter: Airflow emits StatsD, this turns it into Prometheus text that Skyport's
// control plane scrapes (apps/worker metrics-scrape job). The mapping names the metrics
// Skyport's registry keeps (@skyport/metrics).

import { FIXED_SIZES, resourcesFor } from "@skyport/deployment-spec";
import { type AirflowMajor, renderStatsdExporterMapping } from "@skyport/metrics";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { STATSD_METRICS_PORT, STATSD_PORT, STATSD_SERVICE } from "./airflow-config.ts";
import type { RenderContext } from "./context.ts";
import { CONFIG_CHECKSUM, componentLabels, ownershipLabels } from "./labels.ts";
import { basePodSpec, containerSecurityContext, NOBODY_UID } from "./pod.ts";
import { AIRFLOW_SERVICE_ACCOUNT } from "./rbac.ts";
import { clusterService, type NamedDeployment, renderWorkload } from "./workload.ts";

export const STATSD_IMAGE = "prom/statsd-exporter:v0.28.0";
export const STATSD_MAPPINGS_CONFIG_MAP = "statsd-mappings";

/**
 * The exporter's mapping: the one @skyport/metrics renders for the runtime's Airflow line, which
 * is also what Skyport's StatsD receiver applies and what its scrape parses, so a series has the
 * same name and labels whichever way it arrives.
 */
export function statsdMappings(airflowMajor: AirflowMajor): string {
  return renderStatsdExporterMapping(airflowMajor);
}

/**
 * Where Skyport's worker scrapes a deployment's statsd-exporter from inside the cluster: the
 * rendered Service's DNS name and metrics port (allow-statsd admits the control plane there).
 */
export function statsdMetricsUrl(namespace: string): string {
  return `http://${STATSD_SERVICE}.${namespace}.svc:${STATSD_METRICS_PORT}/metrics`;
}

export function renderStatsd(ctx: RenderContext, mappingsChecksum: string) {
  const labels = componentLabels(ctx.owner, "statsd-exporter");
  const configMap: IConfigMap & { metadata: { name: string } } = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: STATSD_MAPPINGS_CONFIG_MAP,
      namespace: ctx.namespace,
      labels: ownershipLabels(ctx.owner),
    },
    data: { "mappings.yml": statsdMappings(ctx.runtime.major) },
  };
  const deployment: NamedDeployment = renderWorkload(
    ctx,
    STATSD_SERVICE,
    {
      metadata: { labels, annotations: { [CONFIG_CHECKSUM]: mappingsChecksum } },
      spec: {
        ...basePodSpec(NOBODY_UID, AIRFLOW_SERVICE_ACCOUNT),
        containers: [
          {
            name: "statsd-exporter",
            image: STATSD_IMAGE,
            imagePullPolicy: "IfNotPresent",
            args: [
              "--statsd.mapping-config=/etc/statsd-exporter/mappings.yml",
              `--statsd.listen-udp=:${STATSD_PORT}`,
              `--statsd.listen-tcp=:${STATSD_PORT}`,
              `--web.listen-address=:${STATSD_METRICS_PORT}`,
            ],
            ports: [
              { name: "statsd-udp", containerPort: STATSD_PORT, protocol: "UDP" },
              { name: "statsd-tcp", containerPort: STATSD_PORT, protocol: "TCP" },
              { name: "metrics", containerPort: STATSD_METRICS_PORT, protocol: "TCP" },
            ],
            readinessProbe: { httpGet: { path: "/metrics", port: "metrics" }, periodSeconds: 10 },
            livenessProbe: {
              httpGet: { path: "/metrics", port: "metrics" },
              initialDelaySeconds: 10,
              periodSeconds: 30,
            },
            resources: resourcesFor(FIXED_SIZES.statsdExporter),
            securityContext: containerSecurityContext(NOBODY_UID),
            volumeMounts: [{ name: "mappings", mountPath: "/etc/statsd-exporter", readOnly: true }],
          },
        ],
        volumes: [{ name: "mappings", configMap: { name: STATSD_MAPPINGS_CONFIG_MAP } }],
      },
    },
    { component: "statsd-exporter", replicas: 1 },
  );
  const service = clusterService(ctx, STATSD_SERVICE, "statsd-exporter", [
    { name: "statsd-udp", port: STATSD_PORT, targetPort: "statsd-udp", protocol: "UDP" },
    { name: "statsd-tcp", port: STATSD_PORT, targetPort: "statsd-tcp", protocol: "TCP" },
    { name: "metrics", port: STATSD_METRICS_PORT, targetPort: "metrics", protocol: "TCP" },
  ]);
  return { configMap, deployment, service };
}
