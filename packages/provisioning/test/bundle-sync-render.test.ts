// DAG bundles in rendered runtimes: the sync program in a ConfigMap, the bundle credential in
// its own Secret, an init container (--once) and a sidecar in the pods that read DAGs, the DAG
// folder pointed at `<root>/current`, and one NetworkPolicy letting those pods reach Skyport's
// public address. The schema, restricted and isolation properties over generated inputs (which
// include bundle sync) live in render.test.ts.
import { readFileSync } from "node:fs";
import type { IContainer } from "kubernetes-models/v1/Container";
import { describe, expect, it } from "vitest";
import {
  bundleSyncComponentNames,
  bundleSyncReporters,
  checkRestrictedPodSpec,
  REDACTED,
  renderDeployment,
  validateObject,
} from "../src/index.ts";
import { bundleSyncInput, renderInput } from "./support/fixtures.ts";
import { allPodSpecs, find } from "./support/objects.ts";

const SCRIPT = readFileSync(new URL("../../dag-bundle/sync/skyport_bundle_sync.py", import.meta.url), "utf8");
const CREDENTIAL = `skpb_${"c".repeat(43)}`;
const bundleSync = bundleSyncInput(CREDENTIAL);

function envOf(container: IContainer | undefined): Record<string, unknown> {
  return Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe("bundle sync in rendered runtimes", () => {
  it("adds the sync to the scheduler, dag-processor, triggerer and workers, and nothing to the UI", () => {
    const objects = renderDeployment(renderInput({ bundleSync }));
    const pods = Object.fromEntries(allPodSpecs(objects).map((p) => [p.where, p.spec]));
    for (const [where, reportAs] of [
      ["Deployment/scheduler", "scheduler"],
      ["Deployment/dag-processor", "dag-processor"],
      ["Deployment/triggerer", "triggerer"],
      ["Deployment/worker-default", "worker-default"],
      ["Deployment/worker-heavy", "worker-heavy"],
    ] as const) {
      const spec = pods[where];
      expect(spec, where).toBeDefined();
      const init = spec?.initContainers?.[0];
      expect(init?.name, where).toBe("bundle-sync-init");
      expect(init?.command).toEqual(["python3", "/opt/skyport/bundle-sync/skyport_bundle_sync.py", "--once"]);
      expect(init?.image).toBe(spec?.containers[0]?.image);
      const sidecar = spec?.containers.find((c) => c.name === "bundle-sync");
      expect(sidecar?.command).toEqual(["python3", "/opt/skyport/bundle-sync/skyport_bundle_sync.py"]);
      expect(envOf(sidecar)).toEqual({
        SKYPORT_BUNDLE_URL: "https://skyport.example.com/api/v1/runtime/bundle",
        SKYPORT_BUNDLE_TOKEN: { secretKeyRef: { name: "skyport-bundle-credential", key: "token" } },
        SKYPORT_BUNDLE_ROOT: "/opt/airflow/skyport-dags",
        SKYPORT_BUNDLE_COMPONENT: reportAs,
        PYTHONDONTWRITEBYTECODE: "1",
      });
      expect(envOf(init).SKYPORT_BUNDLE_COMPONENT, where).toBe(reportAs);
      const airflow = spec?.containers[0];
      expect(envOf(airflow).AIRFLOW__CORE__DAGS_FOLDER).toBe("/opt/airflow/skyport-dags/current");
      expect(airflow?.volumeMounts).toContainEqual({
        name: "dag-bundles",
        mountPath: "/opt/airflow/skyport-dags",
        readOnly: true,
      });
      expect(spec?.volumes).toContainEqual({ name: "dag-bundles", emptyDir: { sizeLimit: "2Gi" } });
      expect(checkRestrictedPodSpec(spec ?? { containers: [] }, {})).toEqual([]);
    }
    const ui = pods["Deployment/api-server"];
    expect(ui?.containers.map((c) => c.name)).toEqual(["api-server"]);
    expect(JSON.stringify(ui)).not.toContain("bundle");
  });

  it("ships the sync program and the credential, which redacted manifests never hold", () => {
    const objects = renderDeployment(renderInput({ bundleSync }));
    expect(
      (find(objects, "ConfigMap", "skyport-bundle-sync").data as Record<string, string>)[
        "skyport_bundle_sync.py"
      ],
    ).toBe(SCRIPT);
    expect(find(objects, "Secret", "skyport-bundle-credential").stringData).toEqual({ token: CREDENTIAL });
    const redacted = renderDeployment(
      renderInput({ bundleSync: { ...bundleSync, credential: null }, secrets: "redacted" }),
    );
    expect(find(redacted, "Secret", "skyport-bundle-credential").stringData).toEqual({ token: REDACTED });
    expect(JSON.stringify(redacted)).not.toContain(CREDENTIAL);
    for (const object of objects)
      expect(validateObject(object), `${object.kind}/${object.metadata.name}`).toEqual([]);
  });

  it("lets the sync reach Skyport's public address only, on its port", () => {
    const objects = renderDeployment(renderInput({ bundleSync }));
    expect(find(objects, "NetworkPolicy", "allow-skyport").spec).toEqual({
      podSelector: {
        matchExpressions: [
          {
            key: "app.kubernetes.io/component",
            operator: "In",
            values: ["scheduler", "dag-processor", "triggerer", "worker", "task"],
          },
        ],
      },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "203.0.113.10/32" } }], ports: [{ protocol: "TCP", port: 443 }] }],
    });
  });

  it("gives KubernetesExecutor task pods the bundle once, without a sidecar that would keep them running", () => {
    const objects = renderDeployment(
      renderInput({ bundleSync }, { executor: "KUBERNETES", workerQueues: [] }),
    );
    const task = allPodSpecs(objects).find((p) => p.where === "task pod template");
    expect(task?.spec.containers.map((c) => c.name)).toEqual(["base"]);
    expect(task?.spec.initContainers?.map((c) => c.name)).toContain("bundle-sync-init");
    expect(envOf(task?.spec.containers[0]).AIRFLOW__CORE__DAGS_FOLDER).toBe(
      "/opt/airflow/skyport-dags/current",
    );
  });

  it("expects a report from every component that always runs, not from queues that scale to zero", () => {
    const celery = renderInput(
      {},
      {
        executor: "CELERY",
        workerQueues: [
          { name: "default", minWorkers: 1, maxWorkers: 2 },
          { name: "bursty", minWorkers: 0, maxWorkers: 2 },
        ],
      },
    ).spec;
    expect(bundleSyncReporters(celery)).toEqual([
      "scheduler",
      "dag-processor",
      "triggerer",
      "worker-default",
    ]);
    expect(bundleSyncComponentNames(celery)).toEqual([
      "scheduler",
      "dag-processor",
      "triggerer",
      "worker-default",
      "worker-bursty",
    ]);
    const kubernetes = renderInput({}, { executor: "KUBERNETES", workerQueues: [] }).spec;
    expect(bundleSyncReporters(kubernetes)).toEqual(["scheduler", "dag-processor", "triggerer"]);
    expect(bundleSyncComponentNames(kubernetes)).toContain("task");
  });

  it("renders none of it without bundle sync", () => {
    const objects = renderDeployment(renderInput());
    expect(JSON.stringify(objects)).not.toMatch(/bundle-sync|skyport-dags|allow-skyport/);
  });
});
