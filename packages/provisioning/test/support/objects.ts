// Helpers for looking into rendered objects.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { parse } from "yaml";
import { type KubeObject, podSpecsOf } from "../../src/index.ts";

export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`,
    );
  return found;
}

export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

export interface PodSpecAt {
  readonly where: string;
  readonly spec: IPodSpec;
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
}

/** Every pod spec Skyport renders: workload templates, and the KubernetesExecutor task pod
 * template shipped inside its ConfigMap (which is what Airflow will create pods from). */
export function allPodSpecs(objects: readonly KubeObject[]): PodSpecAt[] {
  const specs: PodSpecAt[] = [];
  for (const object of objects) {
    for (const pod of podSpecsOf(object)) {
      const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } })
        .template;
      specs.push({
        where: `${object.kind}/${object.metadata.name}`,
        spec: pod.spec,
        annotations: pod.annotations,
        labels: template?.metadata?.labels ?? {},
      });
    }
    if (object.kind === "ConfigMap" && object.metadata.name === "airflow-pod-template") {
      const pod = parse((object.data as Record<string, string>)["pod_template.yaml"] ?? "") as KubeObject & {
        spec: IPodSpec;
      };
      specs.push({
        where: "task pod template",
        spec: pod.spec,
        annotations: {},
        labels: pod.metadata.labels ?? {},
      });
    }
  }
  return specs;
}

export function containersOf(spec: IPodSpec): IContainer[] {
  return [...spec.containers, ...(spec.initContainers ?? [])];
}

/** CPU quantity → millicores; memory quantity → MiB (the forms the renderer emits). */
export function cpuMillis(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

export function memoryMiB(quantity: string): number {
  if (quantity.endsWith("Gi")) return Number(quantity.slice(0, -2)) * 1024;
  if (quantity.endsWith("Mi")) return Number(quantity.slice(0, -2));
  throw new Error(`unexpected memory quantity ${quantity}`);
}
