// Pod and container building blocks that carry the security posture: every pod Skyport renders
// is built from these, which is how "every container meets the restricted Pod Security
// Standard" holds by construction (and pod-security.ts checks it independently).
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import type { IVolume } from "kubernetes-models/v1/Volume";

/** The official Airflow image runs as `airflow`, uid 50000 (primary group 0, which the image's
 * file permissions rely on, hence no runAsGroup). */
export const AIRFLOW_UID = 50000;
/** `redis` user of the official Redis image. */
export const REDIS_UID = 999;
/** `nobody`, which prom/statsd-exporter runs as. */
export const NOBODY_UID = 65534;

export function podSecurityContext(uid: number): IPodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Set on every container, not only inherited from the pod, so each container is compliant on
 * its own (the restricted profile accepts either; being explicit survives copy-paste). */
export function containerSecurityContext(uid: number): ISecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Pod-level settings shared by every Skyport pod. */
export function basePodSpec(
  uid: number,
  serviceAccountName: string,
): Pick<
  IPodSpec,
  "securityContext" | "serviceAccountName" | "automountServiceAccountToken" | "enableServiceLinks"
> {
  return {
    securityContext: podSecurityContext(uid),
    serviceAccountName,
    // Only pods that call the Kubernetes API get a token (see rbac.ts); the rest have none to leak.
    automountServiceAccountToken: false,
    // Service links would inject e.g. REDIS_PORT=tcp://… into every container, which collides
    // with variables the images read.
    enableServiceLinks: false,
  };
}

/** Scratch space for processes that write to disk under a read-only root filesystem. Bounded,
 * so a runaway log cannot fill the node. */
export function scratchVolume(name: string, sizeLimit: string): IVolume {
  return { name, emptyDir: { sizeLimit } };
}

export function probeCommand(command: string[], periodSeconds = 60) {
  return {
    exec: { command },
    initialDelaySeconds: 30,
    periodSeconds,
    timeoutSeconds: 20,
    failureThreshold: 5,
  };
}

export type Container = IContainer;
