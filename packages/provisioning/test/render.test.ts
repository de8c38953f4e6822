// Properties of the manifest renderer over generated specs and platform inputs (no snapshots).

import {
  airflowEnvName,
  deploymentSpec,
  gitEndpoint,
  refusalReason,
  runtimeFor,
} from "@skyport/deployment-spec";
import fc from "fast-check";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  checkRestrictedPodSpec,
  DEPLOYMENT_ID,
  GENERATION,
  type KubeObject,
  MANAGED_BY,
  ORGANIZATION_ID,
  REDACTED,
  type RenderInput,
  RenderInputError,
  renderDeployment,
  toYamlDocuments,
  validateObject,
  WORKSPACE_ID,
} from "../src/index.ts";
import { INGEST_TOKEN, type RenderCase, renderCase } from "./support/arbitraries.ts";
import { renderInput, SECRETS } from "./support/fixtures.ts";
import { allPodSpecs, containersOf, cpuMillis, find, memoryMiB, ofKind } from "./support/objects.ts";

const RUNS = { numRuns: 100 };

function rendered(c: RenderCase) {
  const spec = deploymentSpec(c.specInput);
  const input: RenderInput = { ...c.platform, name: spec.name, spec };
  return { spec, input, objects: renderDeployment(input), namespace: `skyport-${c.platform.shortId}` };
}

/** 100 rendered deployments per property: generous time for a shared, loaded machine (not a benchmark). */
const PROPERTY_TIMEOUT_MS = 120_000;

function property(name: string, check: (r: ReturnType<typeof rendered>) => void) {
  it(
    name,
    () => {
      fc.assert(
        fc.property(renderCase(), (c) => check(rendered(c))),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
}

describe("renderDeployment: validity", () => {
  property(
    "every object passes the official Kubernetes OpenAPI schema (KEDA's for ScaledObjects)",
    ({ objects }) => {
      for (const object of objects) {
        expect({ object: `${object.kind}/${object.metadata.name}`, issues: validateObject(object) }).toEqual({
          object: `${object.kind}/${object.metadata.name}`,
          issues: [],
        });
      }
    },
  );

  property("every pod spec meets the restricted Pod Security Standard", ({ objects }) => {
    const pods = allPodSpecs(objects);
    expect(pods.length).toBeGreaterThan(4);
    for (const pod of pods) {
      expect({ where: pod.where, violations: checkRestrictedPodSpec(pod.spec, pod.annotations) }).toEqual({
        where: pod.where,
        violations: [],
      });
    }
  });

  property(
    "every container is explicitly locked down, sized, and runs a version-pinned image",
    ({ objects, spec }) => {
      const airflowImage = runtimeFor(spec.runtimeVersion).image;
      for (const pod of allPodSpecs(objects)) {
        expect(pod.spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: "RuntimeDefault" },
        });
        expect(pod.spec.securityContext?.runAsUser).toBeGreaterThan(0);
        expect(pod.spec.enableServiceLinks).toBe(false);
        for (const container of containersOf(pod.spec)) {
          const where = `${pod.where} ${container.name}`;
          expect({ where, sc: container.securityContext }).toMatchObject({
            where,
            sc: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
              seccompProfile: { type: "RuntimeDefault" },
            },
          });
          expect(container.securityContext?.capabilities?.add).toBeUndefined();
          expect(container.securityContext?.runAsUser).toBeGreaterThan(0);
          for (const bound of ["requests", "limits"] as const) {
            expect(container.resources?.[bound]?.cpu, `${where} ${bound}.cpu`).toBeDefined();
            expect(container.resources?.[bound]?.memory, `${where} ${bound}.memory`).toBeDefined();
          }
          expect(container.image).toMatch(/^[a-z0-9./-]+:[A-Za-z0-9._-]+$/);
          expect(container.image).not.toMatch(/:latest$/);
          if (container.image?.startsWith("apache/airflow")) {
            expect(container.image).toBe(airflowImage);
            expect(container.securityContext?.runAsUser).toBe(50000);
          }
        }
        for (const volume of pod.spec.volumes ?? []) {
          if (volume.emptyDir) expect(volume.emptyDir.sizeLimit).toBeDefined();
        }
      }
    },
  );

  property("renders the same objects for the same input", ({ input, objects }) => {
    expect(renderDeployment(input)).toEqual(objects);
  });

  property("round-trips through YAML documents", ({ objects }) => {
    const documents = parseAllDocuments(toYamlDocuments(objects));
    expect(documents.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(objects)));
  });
});

describe("renderDeployment: ownership and namespace", () => {
  property(
    "labels the namespace restricted (enforce/audit/warn with versions) and as Skyport's",
    ({ objects, input, namespace }) => {
      const ns = find(objects, "Namespace", namespace);
      expect(objects[0]).toBe(ns);
      expect(ns.metadata.labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/audit-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/warn-version": "latest",
        [MANAGED_BY]: "skyport",
        [DEPLOYMENT_ID]: input.deploymentId,
        [ORGANIZATION_ID]: input.organizationId,
        [WORKSPACE_ID]: input.workspaceId,
        [GENERATION]: String(input.generation),
      });
    },
  );

  property(
    "puts every other object in the namespace with ownership labels, pods included",
    ({ objects, input, namespace }) => {
      for (const object of objects.slice(1)) {
        expect(object.metadata.namespace).toBe(namespace);
        expect(object.metadata.labels).toMatchObject({
          [MANAGED_BY]: "skyport",
          [DEPLOYMENT_ID]: input.deploymentId,
        });
        // The generation lives on the namespace only: anywhere else it would roll every pod on every edit.
        expect(object.metadata.labels?.[GENERATION]).toBeUndefined();
      }
      for (const pod of allPodSpecs(objects)) {
        expect(pod.labels).toMatchObject({ [MANAGED_BY]: "skyport", [DEPLOYMENT_ID]: input.deploymentId });
      }
    },
  );

  property(
    "sizes the ResourceQuota to every pod at maximum scale plus rollout surge and headroom",
    ({ objects, spec }) => {
      // Recomputed from the rendered objects, independently of the renderer's own arithmetic.
      const scaled = new Map(
        ofKind(objects, "ScaledObject").map((o) => [
          (o.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name,
          o,
        ]),
      );
      let cpu = 0;
      let memory = 0;
      const podLimits = (podSpec: IPodSpec) => ({
        cpu: podSpec.containers.reduce(
          (sum, c) => sum + cpuMillis(String(c.resources?.limits?.cpu ?? "0")),
          0,
        ),
        memory: podSpec.containers.reduce(
          (sum, c) => sum + memoryMiB(String(c.resources?.limits?.memory ?? "0Mi")),
          0,
        ),
      });
      for (const pod of allPodSpecs(objects)) {
        const limits = podLimits(pod.spec);
        let count = 1;
        if (pod.where.startsWith("Deployment/")) {
          const deployment = find(objects, "Deployment", pod.where.slice("Deployment/".length));
          const deploymentSpec = deployment.spec as { replicas?: number; strategy?: { type?: string } };
          const autoscaler = scaled.get(deployment.metadata.name);
          count =
            deploymentSpec.replicas ??
            (autoscaler?.spec as { maxReplicaCount?: number } | undefined)?.maxReplicaCount ??
            0;
          if (deploymentSpec.strategy?.type === "RollingUpdate") count += 1;
        } else if (pod.where === "task pod template") {
          const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
          count = Number(config.AIRFLOW__CORE__PARALLELISM ?? 32);
        }
        cpu += count * limits.cpu;
        memory += count * limits.memory;
      }
      const hard = (
        find(objects, "ResourceQuota", "deployment-quota").spec as { hard: Record<string, string> }
      ).hard;
      expect(cpuMillis(hard["limits.cpu"] ?? "")).toBeGreaterThanOrEqual(cpu * 1.1);
      expect(cpuMillis(hard["limits.cpu"] ?? "")).toBeLessThan(cpu * 1.1 + 100);
      expect(memoryMiB(hard["limits.memory"] ?? "")).toBeGreaterThanOrEqual(memory * 1.1);
      expect(memoryMiB(hard["limits.memory"] ?? "")).toBeLessThan(memory * 1.1 + 128);
      expect(hard["requests.cpu"]).toBe(hard["limits.cpu"]);
      expect(hard).toMatchObject({
        "services.loadbalancers": "0",
        "services.nodeports": "0",
        persistentvolumeclaims: "0",
      });
      // The LimitRange caps containers at the largest size: every rendered container fits.
      const max =
        (
          find(objects, "LimitRange", "container-limits").spec as {
            limits: { max: Record<string, string> }[];
          }
        ).limits[0]?.max ?? {};
      for (const pod of allPodSpecs(objects)) {
        for (const c of containersOf(pod.spec)) {
          expect(cpuMillis(String(c.resources?.limits?.cpu ?? ""))).toBeLessThanOrEqual(
            cpuMillis(max.cpu ?? "0"),
          );
        }
      }
      expect(spec).toBeDefined();
    },
  );
});

describe("renderDeployment: network isolation", () => {
  property("denies all ingress and egress by default and allows DNS to kube-dns", ({ objects }) => {
    const deny = find(objects, "NetworkPolicy", "default-deny").spec as Record<string, unknown>;
    expect(deny).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = find(objects, "NetworkPolicy", "allow-dns").spec;
    expect(dns).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
  });

  property(
    "allows the runtime database, the ingress controller, the control plane and (Celery) the broker",
    ({ objects, input }) => {
      const db = find(objects, "NetworkPolicy", "allow-metadata-database").spec as {
        egress: { to: { ipBlock: { cidr: string } }[]; ports: unknown[] }[];
      };
      const cidr = db.egress[0]?.to[0]?.ipBlock.cidr;
      expect(cidr).toBe(input.runtimeDatabase.cidr ?? `${input.runtimeDatabase.host}/32`);
      expect(db.egress[0]?.ports).toEqual([{ protocol: "TCP", port: input.runtimeDatabase.port }]);
      const ui = runtimeFor(input.spec.runtimeVersion).uiComponent;
      const ingress = find(objects, "NetworkPolicy", "allow-ingress-controller").spec as {
        podSelector: unknown;
        ingress: { from: unknown[]; ports: unknown[] }[];
      };
      expect(ingress.podSelector).toEqual({ matchLabels: { "app.kubernetes.io/component": ui } });
      expect(ingress.ingress[0]?.from).toEqual([
        {
          namespaceSelector: {
            matchLabels: {
              "kubernetes.io/metadata.name": input.ingress?.controllerNamespace ?? "ingress-nginx",
            },
          },
        },
      ]);
      const statsd = find(objects, "NetworkPolicy", "allow-statsd").spec as {
        ingress: { from: Record<string, unknown>[]; ports: unknown[] }[];
      };
      const scrape = statsd.ingress[1];
      expect(scrape?.ports).toEqual([{ protocol: "TCP", port: 9102 }]);
      if (input.controlPlane.cidr)
        expect(scrape?.from).toEqual([{ ipBlock: { cidr: input.controlPlane.cidr } }]);
      else
        expect(scrape?.from[0]?.namespaceSelector).toEqual({
          matchLabels: { "kubernetes.io/metadata.name": input.controlPlane.namespace },
        });
      const celery = input.spec.executor === "CELERY";
      expect(objects.some((o) => o.kind === "NetworkPolicy" && o.metadata.name === "allow-broker")).toBe(
        celery,
      );
      expect(
        objects.some((o) => o.kind === "NetworkPolicy" && o.metadata.name === "allow-kubernetes-api"),
      ).toBe(!celery);
      // Internet egress for tasks never includes private ranges or cloud metadata.
      const tasks = find(objects, "NetworkPolicy", "allow-task-internet-egress").spec as {
        egress: { to: { ipBlock: { except: string[] } }[] }[];
      };
      expect(tasks.egress[0]?.to[0]?.ipBlock.except).toEqual(
        expect.arrayContaining(["10.0.0.0/8", "169.254.0.0/16"]),
      );
    },
  );
});

describe("renderDeployment: Git source", () => {
  property(
    "configures a Git source as Airflow's GitDagBundle beside the dags-folder bundle, with no credential in it",
    ({ objects, spec }) => {
      const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
      const list = config.AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST;
      const source = spec.gitSource;
      if (!source) {
        expect(list).toBeUndefined();
        return;
      }
      expect(JSON.parse(list ?? "")).toEqual([
        { name: "dags-folder", classpath: "airflow.dag_processing.bundles.local.LocalDagBundle", kwargs: {} },
        {
          name: "git-source",
          classpath: "airflow.providers.git.bundles.git.GitDagBundle",
          kwargs: {
            repo_url: source.url,
            tracking_ref: source.ref,
            ...(source.subPath ? { subdir: source.subPath } : {}),
            ...(source.connectionId ? { git_conn_id: source.connectionId } : {}),
          },
        },
      ]);
    },
  );

  property(
    "lets only the pods that clone the Git source reach its host's port, never a private range",
    ({ objects, spec }) => {
      const policy = objects.find(
        (o) => o.kind === "NetworkPolicy" && o.metadata.name === "allow-git-source",
      );
      const source = spec.gitSource;
      expect(policy !== undefined).toBe(source !== undefined);
      if (!source || !policy) return;
      const endpoint = gitEndpoint(source.url);
      if ("problem" in endpoint) throw new Error(endpoint.problem);
      const rule = policy.spec as {
        podSelector: unknown;
        policyTypes: string[];
        egress: { to: { ipBlock: { cidr: string; except?: string[] } }[]; ports: unknown[] }[];
      };
      expect(rule.policyTypes).toEqual(["Egress"]);
      expect(rule.podSelector).toEqual({
        matchExpressions: [
          {
            key: "app.kubernetes.io/component",
            operator: "In",
            values: ["dag-processor", "worker", "triggerer", "task"],
          },
        ],
      });
      expect(rule.egress).toHaveLength(1);
      expect(rule.egress[0]?.ports).toEqual([{ protocol: "TCP", port: endpoint.port }]);
      const blocks = rule.egress[0]?.to.map((peer) => peer.ipBlock) ?? [];
      if (/^[0-9.]+$/.test(endpoint.host)) expect(blocks).toEqual([{ cidr: `${endpoint.host}/32` }]);
      else {
        expect(blocks.map((block) => block.cidr)).toEqual(["0.0.0.0/0", "::/0"]);
        expect(blocks[0]?.except).toEqual(expect.arrayContaining(["10.0.0.0/8", "169.254.0.0/16"]));
        expect(blocks[1]?.except).toEqual(expect.arrayContaining(["fc00::/7", "fe80::/10"]));
      }
    },
  );
});

describe("renderDeployment: components", () => {
  property(
    "renders a webserver on Airflow 2 and an api-server plus dag-processor on Airflow 3",
    ({ objects, spec }) => {
      const deployments = ofKind(objects, "Deployment").map((d) => d.metadata.name);
      const major = runtimeFor(spec.runtimeVersion).major;
      if (major === 2) {
        expect(deployments).toContain("webserver");
        expect(deployments).not.toContain("api-server");
      } else {
        expect(deployments).toEqual(expect.arrayContaining(["api-server", "dag-processor"]));
        expect(deployments).not.toContain("webserver");
        const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
        expect(config.AIRFLOW__CORE__EXECUTION_API_SERVER_URL).toBe("http://api-server:8080/execution/");
      }
      expect(deployments).toEqual(
        expect.arrayContaining(["scheduler", "triggerer", "dag-processor", "statsd-exporter"]),
      );
      const scheduler = find(objects, "Deployment", "scheduler").spec as { replicas: number };
      expect(scheduler.replicas).toBe(spec.highAvailability ? 2 : 1);
      expect(ofKind(objects, "PodDisruptionBudget").length).toBe(spec.highAvailability ? 3 : 0);
    },
  );

  property(
    "adds the pod-launching Role and RoleBinding only for the KubernetesExecutor",
    ({ objects, spec, namespace }) => {
      const roles = ofKind(objects, "Role");
      const bindings = ofKind(objects, "RoleBinding");
      expect(objects.some((o) => o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding")).toBe(false);
      for (const account of ofKind(objects, "ServiceAccount"))
        expect(account.automountServiceAccountToken).toBe(false);
      const tokenPods = allPodSpecs(objects)
        .filter((p) => p.spec.automountServiceAccountToken === true)
        .map((p) => p.where);
      if (spec.executor === "CELERY") {
        expect(roles).toEqual([]);
        expect(bindings).toEqual([]);
        expect(tokenPods).toEqual([]);
        return;
      }
      expect(roles.map((r) => r.rules)).toEqual([
        [
          { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete"] },
          { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        ],
      ]);
      expect(bindings[0]?.subjects).toEqual([
        { kind: "ServiceAccount", name: "airflow-pod-launcher", namespace },
      ]);
      expect(bindings[0]?.roleRef).toEqual({
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "airflow-pod-launcher",
      });
      const ui = runtimeFor(spec.runtimeVersion).uiComponent;
      expect(tokenPods.sort()).toEqual([`Deployment/${ui}`, "Deployment/scheduler"].sort());
    },
  );

  property("runs one worker Deployment and one KEDA ScaledObject per Celery queue", ({ objects, spec }) => {
    const workers = ofKind(objects, "Deployment").filter((d) => d.metadata.name.startsWith("worker-"));
    const scaledObjects = ofKind(objects, "ScaledObject");
    expect(workers.map((w) => w.metadata.name).sort()).toEqual(
      spec.workerQueues.map((q) => `worker-${q.name}`).sort(),
    );
    expect(scaledObjects.length).toBe(spec.workerQueues.length);
    if (spec.executor === "CELERY") expect(spec.workerQueues.some((q) => q.name === "default")).toBe(true);
    for (const queue of spec.workerQueues) {
      const worker = find(objects, "Deployment", `worker-${queue.name}`);
      const workerSpec = worker.spec as {
        replicas?: number;
        template: { spec: { containers: { args: string[]; env: { name: string; value?: string }[] }[] } };
      };
      // KEDA owns the replica count.
      expect(workerSpec.replicas).toBeUndefined();
      const container = workerSpec.template.spec.containers[0];
      expect(container?.args).toEqual(["celery", "worker", "--queues", queue.name]);
      expect(container?.env).toContainEqual({
        name: "AIRFLOW__CELERY__WORKER_CONCURRENCY",
        value: String(queue.workerConcurrency),
      });
      const scaled = find(objects, "ScaledObject", `worker-${queue.name}`).spec as {
        scaleTargetRef: { name: string };
        minReplicaCount: number;
        maxReplicaCount: number;
        triggers: { type: string; metadata: Record<string, string> }[];
      };
      expect(scaled.scaleTargetRef.name).toBe(`worker-${queue.name}`);
      expect(scaled.minReplicaCount).toBe(queue.minWorkers);
      expect(scaled.maxReplicaCount).toBe(queue.maxWorkers);
      expect(scaled.triggers).toEqual([
        {
          type: "postgresql",
          metadata: {
            targetQueryValue: "1",
            connectionFromEnv: "AIRFLOW_CONN_AIRFLOW_DB",
            query: `SELECT ceil(COUNT(*)::decimal / ${queue.workerConcurrency}) FROM task_instance WHERE (state='running' OR state='queued') AND queue = '${queue.name}'`,
          },
        },
      ]);
    }
    expect(objects.some((o) => o.kind === "Deployment" && o.metadata.name === "redis")).toBe(
      spec.executor === "CELERY",
    );
  });

  property("publishes the UI at <namespace>.<baseDomain>", ({ objects, input, namespace }) => {
    const ui = runtimeFor(input.spec.runtimeVersion).uiComponent;
    const rule = (
      find(objects, "Ingress", "airflow-ui").spec as {
        rules: { host: string; http: { paths: { backend: unknown }[] } }[];
      }
    ).rules[0];
    expect(rule?.host).toBe(`${namespace}.${input.baseDomain}`);
    expect(rule?.http.paths[0]?.backend).toEqual({ service: { name: ui, port: { name: "http" } } });
    expect(find(objects, "Service", ui).spec).toMatchObject({ ports: [{ port: 8080, targetPort: "http" }] });
  });

  property(
    "passes overrides as AIRFLOW__SECTION__KEY and keeps platform settings out of customers' reach",
    ({ objects, spec }) => {
      const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
      const fromOverrides = new Set<string>();
      for (const override of spec.airflowConfigOverrides) {
        const name = airflowEnvName(override.section, override.key);
        fromOverrides.add(name);
        expect(config[name]).toBe(override.value);
      }
      for (const name of Object.keys(config)) {
        expect(name).toMatch(/^AIRFLOW__[A-Z0-9_]+__[A-Z0-9_]+$/);
        if (
          fromOverrides.has(name) ||
          name === "AIRFLOW__CORE__LOAD_EXAMPLES" ||
          name === "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION" ||
          // A default a customer may override (their own OpenLineage namespace).
          name === "AIRFLOW__OPENLINEAGE__NAMESPACE" ||
          // The Git source's bundle list: the spec refuses that override beside a Git source.
          (name === "AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST" && spec.gitSource)
        )
          continue;
        const [, section = "", key = ""] = /^AIRFLOW__(.+?)__(.+)$/.exec(name) ?? [];
        expect(
          refusalReason(section.toLowerCase(), key.toLowerCase()),
          `${name} must be refused as an override`,
        ).toBeDefined();
      }
      // Secrets never travel through the ConfigMap.
      for (const value of Object.values(config)) expect(value).not.toContain(SECRETS.fernetKey);
    },
  );
});

describe("renderDeployment: secrets", () => {
  function secretValues(): string[] {
    return [
      SECRETS.fernetKey,
      SECRETS.webserverSecretKey,
      SECRETS.jwtSecret,
      SECRETS.brokerPassword,
      "s3cr3t-db-password-value",
      INGEST_TOKEN,
    ];
  }

  property(
    "in redacted mode writes <redacted> for every secret value and no secret anywhere",
    ({ objects, input }) => {
      const yaml = toYamlDocuments(objects);
      const secrets = ofKind(objects, "Secret");
      expect(secrets.length).toBeGreaterThanOrEqual(3);
      if (input.secrets === "redacted") {
        for (const secret of secrets) {
          expect(secret.data).toBeUndefined();
          for (const value of Object.values(secret.stringData as Record<string, string>))
            expect(value).toBe(REDACTED);
        }
        for (const value of secretValues()) expect(yaml).not.toContain(value);
      } else {
        // With real secrets, values live in Secrets only: no ConfigMap, pod spec or label carries one.
        const outsideSecrets = toYamlDocuments(objects.filter((o) => o.kind !== "Secret"));
        for (const value of secretValues()) expect(outsideSecrets).not.toContain(value);
      }
    },
  );

  it("derives each metadata connection form from one URL", () => {
    const objects = renderDeployment(renderInput());
    const data = find(objects, "Secret", "airflow-metadata-db").stringData as Record<string, string>;
    const rest = "deployment_abc123:s3cr3t-db-password-value@10.20.0.5:5432/airflow_abc123";
    expect(data).toEqual({
      connection: `postgresql://${rest}`,
      "sql-alchemy-conn": `postgresql+psycopg2://${rest}`,
      "result-backend": `db+postgresql://${rest}`,
    });
    const broker = find(objects, "Secret", "airflow-broker").stringData as Record<string, string>;
    expect(broker.url).toBe(`redis://:${SECRETS.brokerPassword}@redis:6379/0`);
  });

  it("rolls Airflow pods when config changes, and only the edited queue's objects when a queue changes", () => {
    const before = renderDeployment(renderInput());
    const checksum = (objects: KubeObject[], name: string) =>
      (
        find(objects, "Deployment", name).spec as {
          template: { metadata: { annotations: Record<string, string> } };
        }
      ).template.metadata.annotations["skyport.io/config-checksum"];
    const overridden = renderDeployment(
      renderInput({}, { airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "64" }] }),
    );
    expect(checksum(overridden, "scheduler")).not.toBe(checksum(before, "scheduler"));
    expect(checksum(overridden, "worker-heavy")).toBe(checksum(overridden, "scheduler"));

    const queueEdited = renderDeployment(
      renderInput(
        {},
        {
          workerQueues: [
            { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
            { name: "heavy", workerSize: "L", minWorkers: 0, maxWorkers: 3, workerConcurrency: 6 },
          ],
        },
      ),
    );
    const changed = queueEdited
      .filter((object, i) => JSON.stringify(object) !== JSON.stringify(before[i]))
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(changed).toEqual(["Deployment/worker-heavy", "ScaledObject/worker-heavy"]);
  });
});

describe("renderDeployment: input checks", () => {
  function fields(input: RenderInput): string[] {
    try {
      renderDeployment(input);
    } catch (error) {
      if (error instanceof RenderInputError) return error.issues.map((i) => i.field);
      throw error;
    }
    return [];
  }

  it("needs an address range when the runtime database is named by host", () => {
    expect(fields(renderInput({ runtimeDatabase: { host: "pg.internal", port: 5432 } }))).toEqual([
      "runtimeDatabase.cidr",
    ]);
    expect(
      fields(renderInput({ runtimeDatabase: { host: "pg.internal", port: 5432, cidr: "10.1.0.0/24" } })),
    ).toEqual([]);
  });

  it("needs the cluster API range for the KubernetesExecutor", () => {
    const { clusterApi: _, ...withoutApi } = renderInput({}, { executor: "KUBERNETES", workerQueues: [] });
    expect(fields(withoutApi)).toEqual(["clusterApi"]);
  });

  it("checks ids, names and secrets without echoing secret values", () => {
    const bad = renderInput({
      deploymentId: "has spaces",
      shortId: "Upper",
      baseDomain: "bad_domain",
      secrets: { ...SECRETS, fernetKey: "short", metadataDbUrl: "mysql://user:hunter2@h/db" },
    });
    let error: unknown;
    try {
      renderDeployment(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RenderInputError);
    expect((error as RenderInputError).issues.map((i) => i.field)).toEqual(
      expect.arrayContaining([
        "deploymentId",
        "shortId",
        "baseDomain",
        "secrets.fernetKey",
        "secrets.metadataDbUrl",
      ]),
    );
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("builds the KubernetesExecutor task pod template around a container named base", () => {
    const objects = renderDeployment(renderInput({}, { executor: "KUBERNETES", workerQueues: [] }));
    const task = allPodSpecs(objects).find((p) => p.where === "task pod template");
    expect(task?.spec.containers.map((c) => c.name)).toEqual(["base"]);
    expect(task?.labels["app.kubernetes.io/component"]).toBe("task");
    const config = find(objects, "ConfigMap", "airflow-config").data as Record<string, string>;
    expect(config).toMatchObject({
      AIRFLOW__CORE__EXECUTOR: "KubernetesExecutor",
      AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE: "skyport-abc123",
      AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE: "/opt/skyport/pod-template/pod_template.yaml",
    });
  });
});
