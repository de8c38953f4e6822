// The Pod Security Standards `restricted` profile (which includes `baseline`), as written in
// https://kubernetes.io/docs/concepts/security/pod-security-standards/ — the rules the Pod
// Security admission controller enforces in a namespace labelled enforce=restricted. Used by
// the renderer's tests and by the Kubernetes API stand-in to reject what a real cluster would.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";

export interface PodSecurityViolation {
  /** Path inside the pod spec, e.g. `containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly path: string;
  /** The control's name in the standard. */
  readonly control: string;
  readonly message: string;
}

/** Capabilities baseline allows adding (the container runtime's defaults). */
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

const SELINUX_TYPES = new Set([
  "",
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);

/** Volume sources the restricted profile allows. */
const RESTRICTED_VOLUME_SOURCES = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

type ContainerSecurity = ISecurityContext | undefined;

interface NamedContainer {
  readonly path: string;
  readonly container: IContainer;
}

function allContainers(spec: IPodSpec): NamedContainer[] {
  const named: NamedContainer[] = [];
  spec.containers.forEach((container, i) => {
    named.push({ path: `containers[${i}]`, container });
  });
  (spec.initContainers ?? []).forEach((container, i) => {
    named.push({ path: `initContainers[${i}]`, container });
  });
  (spec.ephemeralContainers ?? []).forEach((container, i) => {
    named.push({ path: `ephemeralContainers[${i}]`, container: container as IContainer });
  });
  return named;
}

export function checkRestrictedPodSpec(
  spec: IPodSpec,
  annotations: Readonly<Record<string, string>> = {},
): PodSecurityViolation[] {
  const violations: PodSecurityViolation[] = [];
  const violate = (path: string, control: string, message: string) =>
    violations.push({ path, control, message });
  const pod = spec.securityContext ?? {};
  const containers = allContainers(spec);

  // --- baseline ---------------------------------------------------------------------------
  if (pod.windowsOptions?.hostProcess === true) {
    violate("securityContext.windowsOptions.hostProcess", "HostProcess", "must not be true");
  }
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (spec[field] === true) violate(field, "Host Namespaces", "must not be true");
  }
  (spec.volumes ?? []).forEach((volume, i) => {
    const sources = Object.keys(volume).filter((key) => key !== "name");
    for (const source of sources) {
      if (source === "hostPath")
        violate(`volumes[${i}].hostPath`, "HostPath Volumes", "hostPath volumes are forbidden");
      else if (!RESTRICTED_VOLUME_SOURCES.has(source)) {
        violate(
          `volumes[${i}].${source}`,
          "Volume Types",
          `${source} volumes are not allowed by the restricted profile`,
        );
      }
    }
  });
  checkAppArmor(pod.appArmorProfile?.type, "securityContext.appArmorProfile.type", violate);
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")) {
      if (value !== "runtime/default" && !value.startsWith("localhost/")) {
        violate(`metadata.annotations[${key}]`, "AppArmor", "must be runtime/default or localhost/*");
      }
    }
  }
  checkSeLinux(pod.seLinuxOptions, "securityContext.seLinuxOptions", violate);
  (pod.sysctls ?? []).forEach((sysctl, i) => {
    if (!SAFE_SYSCTLS.has(sysctl.name))
      violate(`securityContext.sysctls[${i}]`, "Sysctls", `${sysctl.name} is not a safe sysctl`);
  });

  // --- restricted: pod-level settings that containers may instead set one by one -------
  const podNonRoot = pod.runAsNonRoot === true;
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp === "Unconfined")
    violate("securityContext.seccompProfile.type", "Seccomp", "must not be Unconfined");
  const podSeccompOk = podSeccomp === "RuntimeDefault" || podSeccomp === "Localhost";
  if (pod.runAsUser === 0) violate("securityContext.runAsUser", "Running as Non-root user", "must not be 0");

  for (const { path, container } of containers) {
    const sc: ContainerSecurity = container.securityContext;
    if (sc?.windowsOptions?.hostProcess === true)
      violate(`${path}.securityContext.windowsOptions.hostProcess`, "HostProcess", "must not be true");
    if (sc?.privileged === true)
      violate(`${path}.securityContext.privileged`, "Privileged Containers", "must not be true");
    (container.ports ?? []).forEach((port, j) => {
      if (port.hostPort !== undefined && port.hostPort !== 0)
        violate(`${path}.ports[${j}].hostPort`, "Host Ports", "must not be set");
    });
    checkAppArmor(sc?.appArmorProfile?.type, `${path}.securityContext.appArmorProfile.type`, violate);
    checkSeLinux(sc?.seLinuxOptions, `${path}.securityContext.seLinuxOptions`, violate);
    if (sc?.procMount !== undefined && sc.procMount !== "Default") {
      violate(`${path}.securityContext.procMount`, "/proc Mount Type", "must be Default");
    }
    if (sc?.allowPrivilegeEscalation !== false) {
      violate(`${path}.securityContext.allowPrivilegeEscalation`, "Privilege Escalation", "must be false");
    }
    if (sc?.runAsNonRoot === false)
      violate(`${path}.securityContext.runAsNonRoot`, "Running as Non-root", "must not be false");
    else if (sc?.runAsNonRoot !== true && !podNonRoot) {
      violate(
        `${path}.securityContext.runAsNonRoot`,
        "Running as Non-root",
        "must be true (on the pod or the container)",
      );
    }
    if (sc?.runAsUser === 0)
      violate(`${path}.securityContext.runAsUser`, "Running as Non-root user", "must not be 0");
    const seccomp = sc?.seccompProfile?.type;
    if (seccomp === "Unconfined")
      violate(`${path}.securityContext.seccompProfile.type`, "Seccomp", "must not be Unconfined");
    else if (seccomp === undefined && !podSeccompOk) {
      violate(
        `${path}.securityContext.seccompProfile.type`,
        "Seccomp",
        "must be RuntimeDefault or Localhost (on the pod or the container)",
      );
    }
    const capabilities = sc?.capabilities;
    if (!(capabilities?.drop ?? []).includes("ALL")) {
      violate(`${path}.securityContext.capabilities.drop`, "Capabilities", "must include ALL");
    }
    for (const added of capabilities?.add ?? []) {
      if (added !== "NET_BIND_SERVICE") {
        const control = BASELINE_CAPABILITIES.has(added) ? "Capabilities (restricted)" : "Capabilities";
        violate(
          `${path}.securityContext.capabilities.add`,
          control,
          `${added} may not be added (only NET_BIND_SERVICE)`,
        );
      }
    }
  }
  return violations;
}

type Violate = (path: string, control: string, message: string) => void;

function checkAppArmor(type: string | undefined, path: string, violate: Violate): void {
  if (type !== undefined && type !== "RuntimeDefault" && type !== "Localhost") {
    violate(path, "AppArmor", "must be RuntimeDefault or Localhost");
  }
}

function checkSeLinux(
  options: { type?: string; user?: string; role?: string } | undefined,
  path: string,
  violate: Violate,
): void {
  if (!options) return;
  if (options.type !== undefined && !SELINUX_TYPES.has(options.type))
    violate(`${path}.type`, "SELinux", "type is not allowed");
  if (options.user) violate(`${path}.user`, "SELinux", "must not be set");
  if (options.role) violate(`${path}.role`, "SELinux", "must not be set");
}

interface PodBearing {
  readonly kind?: string;
  readonly metadata?: { annotations?: Record<string, string> };
  readonly spec?: unknown;
}

/** The pod specs inside an object (a Pod, or the template of a workload), with their paths. */
export function podSpecsOf(
  object: PodBearing,
): { path: string; spec: IPodSpec; annotations: Record<string, string> }[] {
  const spec = object.spec as Record<string, unknown> | undefined;
  if (!spec) return [];
  const template = (value: unknown) =>
    value as { metadata?: { annotations?: Record<string, string> }; spec?: IPodSpec } | undefined;
  switch (object.kind) {
    case "Pod":
      return [
        { path: "spec", spec: spec as unknown as IPodSpec, annotations: object.metadata?.annotations ?? {} },
      ];
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "ReplicationController":
    case "Job": {
      const t = template(spec.template);
      return t?.spec
        ? [{ path: "spec.template.spec", spec: t.spec, annotations: t.metadata?.annotations ?? {} }]
        : [];
    }
    case "CronJob": {
      const job = (spec.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec;
      const t = template(job?.template);
      return t?.spec
        ? [
            {
              path: "spec.jobTemplate.spec.template.spec",
              spec: t.spec,
              annotations: t.metadata?.annotations ?? {},
            },
          ]
        : [];
    }
    default:
      return [];
  }
}
