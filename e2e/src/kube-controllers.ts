// What a cluster's controllers would do for a test on the Kubernetes stand-in: every Deployment's
// pods and every Job become ready, and a Deployment whose pod template changed (a new generation,
// e.g. a new environment checksum) finishes its rollout, so Skyport's provisioning reaches HEALTHY.
import type { KubeStandIn } from "../../packages/provisioning/test/support/kube-stand-in.ts";

export function startReadyController(cluster: KubeStandIn, intervalMs = 200): () => void {
  const timer = setInterval(() => {
    for (const namespace of cluster.namespaces()) {
      for (const object of cluster.objectsIn(namespace)) {
        if (object.kind !== "Deployment" && object.kind !== "Job") continue;
        const status = (object.status ?? {}) as {
          readyReplicas?: number;
          succeeded?: number;
          observedGeneration?: number;
        };
        const { name, generation } = object.metadata as { name: string; generation?: number };
        const ready =
          object.kind === "Job"
            ? (status.succeeded ?? 0) > 0
            : (status.readyReplicas ?? 0) > 0 && (status.observedGeneration ?? 0) >= (generation ?? 0);
        if (!ready) cluster.setReady(namespace, name);
      }
    }
  }, intervalMs);
  return () => clearInterval(timer);
}
