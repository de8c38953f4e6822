// The UI Service and the Ingress publishing it at `<namespace>.<baseDomain>`.
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IService } from "kubernetes-models/v1/Service";
import { UI_PORT } from "./airflow-config.ts";
import type { RenderContext } from "./context.ts";
import { componentLabels } from "./labels.ts";
import { clusterService } from "./workload.ts";

export function renderUiService(ctx: RenderContext): IService & { metadata: { name: string } } {
  const component = ctx.runtime.uiComponent;
  // Named after the component: Airflow 3 workers reach the execution API at http://api-server:8080.
  return clusterService(ctx, component, component, [
    { name: "http", port: UI_PORT, targetPort: "http", protocol: "TCP" },
  ]);
}

export function renderIngress(ctx: RenderContext): IIngress & { metadata: { name: string } } {
  const component = ctx.runtime.uiComponent;
  const ingress = ctx.input.ingress ?? {};
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "airflow-ui", namespace: ctx.namespace, labels: componentLabels(ctx.owner, component) },
    spec: {
      ...(ingress.className ? { ingressClassName: ingress.className } : {}),
      ...(ingress.tlsSecretName ? { tls: [{ hosts: [ctx.host], secretName: ingress.tlsSecretName }] } : {}),
      rules: [
        {
          host: ctx.host,
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: component, port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    },
  };
}
