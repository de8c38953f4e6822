import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import { checkRestrictedPodSpec, podSpecsOf } from "../src/index.ts";

/** A pod that meets `restricted` with settings on the pod and the container. */
function compliant(): IPodSpec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "app",
        image: "example:1.0.0",
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      },
    ],
    volumes: [
      { name: "scratch", emptyDir: {} },
      { name: "config", configMap: { name: "c" } },
    ],
  };
}

function controls(spec: IPodSpec, annotations: Record<string, string> = {}): string[] {
  return checkRestrictedPodSpec(spec, annotations).map((v) => `${v.control} @ ${v.path}`);
}

function container(spec: IPodSpec) {
  const first = spec.containers[0];
  if (!first) throw new Error("no container");
  first.securityContext ??= {};
  return first;
}

describe("checkRestrictedPodSpec", () => {
  it("accepts a compliant pod, with pod-level non-root and seccomp covering containers", () => {
    expect(controls(compliant())).toEqual([]);
  });

  it("accepts NET_BIND_SERVICE as the one added capability", () => {
    const spec = compliant();
    container(spec).securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
    };
    expect(controls(spec)).toEqual([]);
  });

  it.each<[string, (spec: IPodSpec) => void, string]>([
    [
      "privileged container",
      (s) => Object.assign(container(s).securityContext ?? {}, { privileged: true }),
      "Privileged Containers @ containers[0].securityContext.privileged",
    ],
    ["host network", (s) => Object.assign(s, { hostNetwork: true }), "Host Namespaces @ hostNetwork"],
    ["host PID", (s) => Object.assign(s, { hostPID: true }), "Host Namespaces @ hostPID"],
    ["host IPC", (s) => Object.assign(s, { hostIPC: true }), "Host Namespaces @ hostIPC"],
    [
      "hostPath volume",
      (s) => s.volumes?.push({ name: "h", hostPath: { path: "/" } }),
      "HostPath Volumes @ volumes[2].hostPath",
    ],
    [
      "nfs volume",
      (s) => s.volumes?.push({ name: "n", nfs: { server: "x", path: "/" } }),
      "Volume Types @ volumes[2].nfs",
    ],
    [
      "host port",
      (s) => Object.assign(container(s), { ports: [{ containerPort: 80, hostPort: 80 }] }),
      "Host Ports @ containers[0].ports[0].hostPort",
    ],
    [
      "privilege escalation allowed",
      (s) => Object.assign(container(s).securityContext ?? {}, { allowPrivilegeEscalation: true }),
      "Privilege Escalation @ containers[0].securityContext.allowPrivilegeEscalation",
    ],
    [
      "privilege escalation unset",
      (s) => delete container(s).securityContext?.allowPrivilegeEscalation,
      "Privilege Escalation @ containers[0].securityContext.allowPrivilegeEscalation",
    ],
    [
      "runAsNonRoot missing",
      (s) => delete s.securityContext?.runAsNonRoot,
      "Running as Non-root @ containers[0].securityContext.runAsNonRoot",
    ],
    [
      "container runAsNonRoot false",
      (s) => Object.assign(container(s).securityContext ?? {}, { runAsNonRoot: false }),
      "Running as Non-root @ containers[0].securityContext.runAsNonRoot",
    ],
    [
      "runAsUser 0 on the pod",
      (s) => Object.assign(s.securityContext ?? {}, { runAsUser: 0 }),
      "Running as Non-root user @ securityContext.runAsUser",
    ],
    [
      "runAsUser 0 on a container",
      (s) => Object.assign(container(s).securityContext ?? {}, { runAsUser: 0 }),
      "Running as Non-root user @ containers[0].securityContext.runAsUser",
    ],
    [
      "seccomp missing",
      (s) => delete s.securityContext?.seccompProfile,
      "Seccomp @ containers[0].securityContext.seccompProfile.type",
    ],
    [
      "seccomp Unconfined",
      (s) => Object.assign(container(s).securityContext ?? {}, { seccompProfile: { type: "Unconfined" } }),
      "Seccomp @ containers[0].securityContext.seccompProfile.type",
    ],
    [
      "capabilities not dropped",
      (s) => Object.assign(container(s).securityContext ?? {}, { capabilities: {} }),
      "Capabilities @ containers[0].securityContext.capabilities.drop",
    ],
    [
      "SYS_ADMIN added",
      (s) =>
        Object.assign(container(s).securityContext ?? {}, {
          capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] },
        }),
      "Capabilities @ containers[0].securityContext.capabilities.add",
    ],
    [
      "CHOWN added",
      (s) =>
        Object.assign(container(s).securityContext ?? {}, {
          capabilities: { drop: ["ALL"], add: ["CHOWN"] },
        }),
      "Capabilities (restricted) @ containers[0].securityContext.capabilities.add",
    ],
    [
      "unsafe sysctl",
      (s) => Object.assign(s.securityContext ?? {}, { sysctls: [{ name: "kernel.msgmax", value: "1" }] }),
      "Sysctls @ securityContext.sysctls[0]",
    ],
    [
      "unmasked /proc",
      (s) => Object.assign(container(s).securityContext ?? {}, { procMount: "Unmasked" }),
      "/proc Mount Type @ containers[0].securityContext.procMount",
    ],
    [
      "custom SELinux user",
      (s) => Object.assign(s.securityContext ?? {}, { seLinuxOptions: { user: "root" } }),
      "SELinux @ securityContext.seLinuxOptions.user",
    ],
    [
      "unconfined AppArmor",
      (s) => Object.assign(container(s).securityContext ?? {}, { appArmorProfile: { type: "Unconfined" } }),
      "AppArmor @ containers[0].securityContext.appArmorProfile.type",
    ],
    [
      "Windows host process",
      (s) => Object.assign(s.securityContext ?? {}, { windowsOptions: { hostProcess: true } }),
      "HostProcess @ securityContext.windowsOptions.hostProcess",
    ],
  ])("rejects a %s", (_, mutate, expected) => {
    const spec = compliant();
    mutate(spec);
    expect(controls(spec)).toContain(expected);
  });

  it("checks init containers too", () => {
    const spec = compliant();
    spec.initContainers = [{ name: "init", image: "example:1.0.0", securityContext: { privileged: true } }];
    expect(controls(spec)).toEqual(
      expect.arrayContaining([
        "Privileged Containers @ initContainers[0].securityContext.privileged",
        "Privilege Escalation @ initContainers[0].securityContext.allowPrivilegeEscalation",
        "Capabilities @ initContainers[0].securityContext.capabilities.drop",
      ]),
    );
  });

  it("rejects an unconfined AppArmor annotation", () => {
    expect(
      controls(compliant(), { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" }),
    ).toEqual(["AppArmor @ metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]"]);
  });

  it("finds pod specs in Pods and workload templates", () => {
    const spec = compliant();
    expect(podSpecsOf({ kind: "Pod", spec })).toHaveLength(1);
    expect(podSpecsOf({ kind: "Deployment", spec: { template: { spec } } })[0]?.path).toBe(
      "spec.template.spec",
    );
    expect(
      podSpecsOf({ kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec } } } } }),
    ).toHaveLength(1);
    expect(podSpecsOf({ kind: "ConfigMap", spec: undefined })).toEqual([]);
  });
});
