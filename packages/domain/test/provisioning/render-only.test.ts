// Render-only mode (no cluster configured, the embedded default): manifests are written to
// $SKYPORT_MANIFESTS_DIR/<namespace>/ with every Secret value redacted, the metadata database is
// still created, and the status says plainly that nothing was applied.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type KubeObject, REDACTED, UnredactedSecretError, writeManifests } from "@skyport/provisioning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  createHarness,
  createReconciler,
  expectedObjectKeys,
  type Harness,
  type ReconcilerFixture,
  SPEC,
  storedSpec,
} from "./support.ts";

const harness: Harness = await createHarness();
let root: string;
let manifestsDir: string;
let fixture: ReconcilerFixture;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "skyport-render-"));
  manifestsDir = path.join(root, ".skyport", "manifests");
  // Status reasons show the directory relative to the worker's working directory.
  fixture = createReconciler(harness, { standIn: null, manifestsDir, settings: { cwd: root } });
});
afterAll(async () => {
  await fixture.close();
  await rm(root, { recursive: true, force: true });
});

const run = (id: string, reason: "create" | "update" | "delete" | "drift") => fixture.run(id, reason);
const row = harness.deploymentRow;

async function readManifests(dir: string) {
  const files = (await readdir(dir)).sort();
  const contents = await Promise.all(files.map((file) => readFile(path.join(dir, file), "utf8")));
  return { files, contents, objects: contents.map((text) => parse(text) as KubeObject) };
}

describe("render-only reconcile", () => {
  let deployment: { id: string; namespace: string; shortId: string };

  it("writes one YAML file per object, namespace first, Secrets redacted, and says it was not applied", async () => {
    deployment = await harness.createDeployment();
    expect(await run(deployment.id, "create")).toMatchObject({ outcome: "rendered", generation: 1 });
    const dir = path.join(manifestsDir, deployment.namespace);
    const { files, contents, objects } = await readManifests(dir);

    expect(files[0]).toBe(`00-namespace-${deployment.namespace}.yaml`);
    expect(files.every((file) => file.endsWith(".yaml"))).toBe(true);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      expectedObjectKeys(deployment, harness, storedSpec()),
    );
    expect(contents.every((text) => text.startsWith("# Rendered by Skyport and NOT applied"))).toBe(true);

    const secrets = objects.filter((o) => o.kind === "Secret");
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      "airflow-api-secret-key",
      "airflow-broker",
      "airflow-environment",
      "airflow-fernet-key",
      "airflow-metadata-db",
    ]);
    for (const secret of secrets) {
      expect(secret.data).toBeUndefined();
      for (const value of Object.values(secret.stringData as Record<string, string>))
        expect(value).toBe(REDACTED);
    }
    // Nothing that looks like secret material anywhere: no Fernet key, no connection URL with
    // credentials, no redis password.
    const all = contents.join("\n");
    expect(all).not.toMatch(/[A-Za-z0-9_-]{43}=/);
    expect(all).not.toMatch(/postgres(ql)?:\/\/[^\s"']*:[^\s"']*@/);
    expect(all).not.toMatch(/redis:\/\/:[^<]/);

    // The metadata database exists all the same; its password was never written anywhere.
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 1, roles: 1 });
    expect(fixture.lines.join("")).not.toMatch(/password/i);

    expect(await row(deployment.id)).toMatchObject({
      status: "UNHEALTHY",
      statusReason: `Rendered to .skyport/manifests/${deployment.namespace}/ — not applied: no Kubernetes cluster is configured (set KUBECONFIG)`,
      observedGeneration: 1,
    });
  });

  it("re-running changes nothing: no file rewritten, the row untouched", async () => {
    const dir = path.join(manifestsDir, deployment.namespace);
    const before = await Promise.all(
      (await readdir(dir)).map(async (f) => [f, (await stat(path.join(dir, f))).mtimeMs]),
    );
    const rowBefore = await row(deployment.id);
    expect(await run(deployment.id, "drift")).toMatchObject({ outcome: "rendered", written: 0, removed: 0 });
    const after = await Promise.all(
      (await readdir(dir)).map(async (f) => [f, (await stat(path.join(dir, f))).mtimeMs]),
    );
    expect(after).toEqual(before);
    expect((await row(deployment.id)).updatedAt).toEqual(rowBefore.updatedAt);
  });

  it("an update rewrites what changed and removes the files of objects no longer desired", async () => {
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: {
        spec: storedSpec({ ...SPEC, workerQueues: [SPEC.workerQueues?.[0] ?? { name: "default" }] }) as never,
        generation: 2,
        status: "UPDATING",
      },
    });
    const result = await run(deployment.id, "update");
    expect(result).toMatchObject({ outcome: "rendered", generation: 2, removed: 2 });
    const { files } = await readManifests(path.join(manifestsDir, deployment.namespace));
    expect(files).not.toContain("11-deployment-worker-heavy.yaml");
    expect(files).not.toContain("13-scaledobject-worker-heavy.yaml");
    expect(files).toContain("11-deployment-worker-default.yaml");
    expect(files.some((f) => f.endsWith(".tmp"))).toBe(false);
    expect(await row(deployment.id)).toMatchObject({ status: "UNHEALTHY", observedGeneration: 2 });
  });

  it("delete removes the manifests directory and the metadata database, then DELETED", async () => {
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: { status: "DELETING", generation: 3 },
    });
    expect(await run(deployment.id, "delete")).toEqual({ outcome: "deleted" });
    await expect(stat(path.join(manifestsDir, deployment.namespace))).rejects.toThrow();
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 0, roles: 0 });
    expect(await row(deployment.id)).toMatchObject({ status: "DELETED", observedGeneration: 3 });
  });
});

describe("a stored spec from before overrides were checked against the runtime line", () => {
  it("converges an Airflow 3 deployment with scheduler.dag_dir_list_interval as dag_processor.refresh_interval", async () => {
    const spec = {
      ...storedSpec(),
      runtimeVersion: "3.3.1",
      airflowConfigOverrides: [{ section: "scheduler", key: "dag_dir_list_interval", value: "45" }],
    };
    const stale = await harness.createDeployment({ spec });
    expect(await run(stale.id, "create")).toMatchObject({ outcome: "rendered", generation: 1 });
    const { objects } = await readManifests(path.join(manifestsDir, stale.namespace));
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "airflow-config") as
      | (KubeObject & { data: Record<string, string> })
      | undefined;
    expect(config?.data.AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL).toBe("45");
    expect(config?.data).not.toHaveProperty("AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL");
    expect(await row(stale.id)).toMatchObject({ status: "UNHEALTHY", observedGeneration: 1 });
  });
});

describe("writeManifests", () => {
  it("refuses a Secret whose values are not redacted, writing nothing", async () => {
    const dir = path.join(root, "refused");
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "airflow-fernet-key", namespace: "skyport-x" },
      stringData: { "fernet-key": "real-key-material" },
    };
    await expect(writeManifests(dir, [secret])).rejects.toBeInstanceOf(UnredactedSecretError);
    await expect(stat(dir)).rejects.toThrow();
  });

  it("cleans up temp files a crash left behind", async () => {
    const dir = path.join(root, "leftovers");
    const namespace: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "skyport-y" } };
    await writeManifests(dir, [namespace]);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(dir, ".00-namespace-skyport-y.yaml.abcd1234.tmp"), "partial");
    await writeManifests(dir, [namespace]);
    expect(await readdir(dir)).toEqual(["00-namespace-skyport-y.yaml"]);
  });
});
