// The chart as a real API server takes it: every object `helm template` renders, for every values
// file of the matrix, is sent to a real kube-apiserver (`npm run kube:install`) as a server-side
// dry run with strict field validation, into the namespace the release installs into. The API
// server runs its default admission plugins, so schema errors, unknown fields, invalid names and
// admission refusals all fail here. Nothing is written.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { KUBE_CONTROL_PLANE, type KubeCluster, startKubeCluster } from "@skyport/testing/kube";
import { hasToolchain, type Toolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findHelm,
  HELM_INSTALL_HINT,
  HELM_VERSION,
  type RenderedObject,
  renderChart,
} from "../../scripts/helm/helm.ts";

const HELM: Toolchain = {
  name: `helm ${HELM_VERSION}`,
  probe: () => findHelm() !== undefined,
  install: HELM_INSTALL_HINT,
  tests: "the chart's server-side dry run (infra/test/helm-dry-run.test.ts)",
};
const available = hasToolchain(HELM) && hasToolchain(KUBE_CONTROL_PLANE);

const NAMESPACE = "skyport";
const valuesDir = fileURLToPath(new URL("./values/", import.meta.url));
const valuesFiles = readdirSync(valuesDir)
  .filter((file) => file.endsWith(".yaml"))
  .sort();

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

describe.runIf(available)("the chart, dry-run against a real Kubernetes API server", () => {
  let cluster: KubeCluster;
  /** "group/version Kind" → its resource, from the API server's discovery. */
  const resources = new Map<string, ApiResource>();

  async function resourceOf(object: RenderedObject): Promise<ApiResource> {
    const key = `${object.apiVersion} ${object.kind}`;
    const known = resources.get(key);
    if (known) return known;
    const base = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const discovery = await cluster.request<{ resources: ApiResource[] }>("GET", base);
    expect(discovery.status, `the API server serves ${object.apiVersion}`).toBe(200);
    const found = discovery.body.resources.find((r) => r.kind === object.kind && !r.name.includes("/"));
    if (!found) throw new Error(`the API server has no ${object.kind} in ${object.apiVersion}`);
    resources.set(key, found);
    return found;
  }

  beforeAll(async () => {
    cluster = await startKubeCluster({ controllers: false });
    const created = await cluster.request("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NAMESPACE },
    });
    expect(created.status).toBe(201);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it.each(valuesFiles)("accepts every object rendered with %s", async (file) => {
    const objects = renderChart({ valuesFiles: [path.join(valuesDir, file)], namespace: NAMESPACE });
    expect(objects.length).toBeGreaterThan(5);
    const refused: string[] = [];
    for (const object of objects) {
      const resource = await resourceOf(object);
      const base = object.apiVersion.includes("/")
        ? `/apis/${object.apiVersion}`
        : `/api/${object.apiVersion}`;
      const scope = resource.namespaced ? `/namespaces/${object.metadata.namespace ?? NAMESPACE}` : "";
      const answer = await cluster.request<{ message?: string }>(
        "POST",
        `${base}${scope}/${resource.name}?dryRun=All&fieldValidation=Strict`,
        object,
      );
      if (answer.status !== 201 && answer.status !== 200) {
        refused.push(`${object.kind}/${object.metadata.name}: ${answer.status} ${answer.body.message ?? ""}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("is refused when an object is broken, so the dry run proves something", async () => {
    const [deployment] = renderChart({
      valuesFiles: [path.join(valuesDir, "defaults.yaml")],
      namespace: NAMESPACE,
    }).filter((object) => object.kind === "Deployment");
    if (!deployment) throw new Error("the chart renders no Deployment");
    const broken = { ...deployment, spec: { ...deployment.spec, replicas: "two", unknownField: true } };
    const answer = await cluster.request<{ message?: string }>(
      "POST",
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments?dryRun=All&fieldValidation=Strict`,
      broken,
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    // Nothing was written by any of the dry runs.
    const listed = await cluster.request<{ items: unknown[] }>(
      "GET",
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`,
    );
    expect(listed.body.items).toEqual([]);
  });
});
