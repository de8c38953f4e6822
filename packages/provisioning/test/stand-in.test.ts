// The Kubernetes API stand-in behaves like an API server where a reconciler can tell.
import { PatchStrategy } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeObject, KubernetesApplier, renderDeployment } from "../src/index.ts";
import { PlainObjectApi } from "../src/kube/plain-object-api.ts";
import { renderInput } from "./support/fixtures.ts";
import { KubeStandIn } from "./support/kube-stand-in.ts";

let standIn: KubeStandIn;
let client: PlainObjectApi;

beforeAll(async () => {
  standIn = await KubeStandIn.start();
  client = PlainObjectApi.forConfig(standIn.kubeConfig());
  await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "open" } });
  await apply({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: "locked",
      labels: {
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
      },
    },
  });
});
afterAll(async () => {
  await standIn.stop();
});

function apply(object: KubeObject, fieldManager = "skyport", force = true) {
  return client.patch(object, undefined, undefined, fieldManager, force, PatchStrategy.ServerSideApply);
}

async function raw(
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/apply-patch+yaml",
) {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${standIn.token}`, "content-type": contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: number; body?: string } | undefined;
  if (!error) throw new Error("expected the request to fail");
  return { code: error.code ?? 0, body: JSON.parse(error.body ?? "{}") };
}

const restrictedContainer = {
  name: "app",
  image: "example:1.0.0",
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
};
const restrictedPod = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
  containers: [restrictedContainer],
};

function pod(name: string, namespace: string, spec: object): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec };
}

describe("KubeStandIn: admission", () => {
  it("rejects a privileged pod in a restricted namespace, as the Pod Security admission does", async () => {
    const privileged = {
      ...restrictedPod,
      containers: [
        {
          ...restrictedContainer,
          securityContext: { ...restrictedContainer.securityContext, privileged: true },
        },
      ],
    };
    const { code, body } = await failure(apply(pod("root", "locked", privileged)));
    // The real admission plugin answers 403 Forbidden (not 422) for policy violations.
    expect(code).toBe(403);
    expect(body).toMatchObject({ kind: "Status", status: "Failure", reason: "Forbidden", code: 403 });
    expect(body.message).toMatch(
      /^pods "root" is forbidden: violates PodSecurity "restricted:v1\.33": Privileged Containers/,
    );
    expect(standIn.get("v1", "Pod", "locked", "root")).toBeUndefined();
    // Outside a restricted namespace the same pod is admitted; a compliant one is admitted anywhere.
    await apply(pod("root", "open", privileged));
    await apply(pod("fine", "locked", restrictedPod));
    expect(standIn.get("v1", "Pod", "locked", "fine")).toBeDefined();
  });

  it("rejects a schema-invalid object with 422 Invalid and the offending fields", async () => {
    const invalid = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "broken", namespace: "open" },
      spec: { replicas: "two", template: { spec: { containers: [{ name: "app" }] } } },
    };
    const { code, body } = await failure(apply(invalid));
    expect(code).toBe(422);
    expect(body).toMatchObject({
      reason: "Invalid",
      code: 422,
      details: { name: "broken", kind: "deployments" },
    });
    expect(body.message).toMatch(/^Deployment\.apps "broken" is invalid: \[/);
    const causes = (body.details as { causes: { field: string; message: string }[] }).causes;
    expect(causes).toEqual(
      expect.arrayContaining([
        { reason: "FieldValueInvalid", field: "spec", message: "must have required property selector" },
        { reason: "FieldValueInvalid", field: "spec.replicas", message: "must be integer" },
      ]),
    );
  });

  it("accepts a workload whose pods would be forbidden, warns, and reports FailedCreate like the controller", async () => {
    const objects = renderDeployment(renderInput({ shortId: "psa1" }));
    const applier = new KubernetesApplier(standIn.kubeConfig());
    await applier.apply(objects.filter((o) => o.kind === "Namespace"));
    const deployment = structuredClone(
      objects.find((o) => o.kind === "Deployment" && o.metadata.name === "scheduler"),
    ) as KubeObject;
    const template = (deployment.spec as { template: { spec: { hostNetwork?: boolean } } }).template.spec;
    template.hostNetwork = true;
    const response = await raw(
      "PATCH",
      "/apis/apps/v1/namespaces/skyport-psa1/deployments/scheduler?fieldManager=skyport",
      deployment,
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("warning")).toMatch(
      /^299 - "would violate PodSecurity \\"restricted:v1\.33\\": Host Namespaces/,
    );
    const readiness = await applier.readiness("skyport-psa1");
    expect(readiness.workloads).toEqual([
      expect.objectContaining({
        name: "scheduler",
        state: "failed",
        message: expect.stringMatching(/Host Namespaces/),
      }),
    ]);
    expect(() => standIn.setReady("skyport-psa1", "scheduler")).toThrow(/cannot be admitted/);
  });
});

describe("KubeStandIn: server-side apply", () => {
  const configMap = (data: Record<string, string>, labels: Record<string, string> = {}): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "settings", namespace: "open", labels },
    data,
  });
  const meta = () =>
    standIn.get("v1", "ConfigMap", "open", "settings")?.metadata as {
      resourceVersion: string;
      generation: number;
    };

  it("bumps resourceVersion only on real change, and generation only when more than metadata changed", async () => {
    await apply(configMap({ a: "1" }));
    const first = meta();
    await apply(configMap({ a: "1" }));
    expect(meta()).toEqual(first);
    await apply(configMap({ a: "1" }, { team: "data" }));
    const relabelled = meta();
    expect(Number(relabelled.resourceVersion)).toBeGreaterThan(Number(first.resourceVersion));
    expect(relabelled.generation).toBe(first.generation);
    await apply(configMap({ a: "2" }, { team: "data" }));
    expect(meta().generation).toBe(first.generation + 1);
  });

  it("removes fields a manager stops applying", async () => {
    await apply(configMap({ a: "1", b: "2" }));
    await apply(configMap({ a: "1" }));
    expect(standIn.get("v1", "ConfigMap", "open", "settings")?.data).toEqual({ a: "1" });
  });

  it("refuses to take another manager's field without force, and takes it with force", async () => {
    await apply(configMap({ a: "1" }));
    const { code, body } = await failure(apply(configMap({ a: "other" }), "kubectl", false));
    expect(code).toBe(409);
    expect(body).toMatchObject({ reason: "Conflict" });
    expect(body.message).toContain('conflict with "skyport": .data.a');
    await apply(configMap({ a: "other" }), "kubectl", true);
    expect(standIn.get("v1", "ConfigMap", "open", "settings")?.data).toEqual({ a: "other" });
  });

  it("stores Secret stringData as base64 data", async () => {
    await apply({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "open" },
      stringData: { token: "value" },
    });
    const secret = standIn.get("v1", "Secret", "open", "s");
    expect(secret?.data).toEqual({ token: Buffer.from("value").toString("base64") });
    expect(secret?.stringData).toBeUndefined();
  });

  it("requires a field manager, a bearer token, an existing namespace, and apply patches", async () => {
    const body = configMap({ a: "1" });
    expect((await raw("PATCH", "/api/v1/namespaces/open/configmaps/settings", body)).status).toBe(422);
    expect(
      (
        await raw(
          "PATCH",
          "/api/v1/namespaces/open/configmaps/settings?fieldManager=x",
          body,
          "application/merge-patch+json",
        )
      ).status,
    ).toBe(415);
    const missing = await raw("PATCH", "/api/v1/namespaces/nowhere/configmaps/settings?fieldManager=x", {
      ...body,
      metadata: { name: "settings" },
    });
    expect(missing).toMatchObject({
      status: 404,
      body: { reason: "NotFound", message: 'namespaces "nowhere" not found' },
    });
    const anonymous = await fetch(`${standIn.url}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
  });
});

describe("KubeStandIn: list and delete", () => {
  it("filters lists by equality, set and existence selectors, without apiVersion/kind on items", async () => {
    for (const [name, tier] of [
      ["a", "web"],
      ["b", "worker"],
      ["c", undefined],
    ] as const) {
      await apply({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace: "open", labels: { app: "x", ...(tier ? { tier } : {}) } },
      });
    }
    const list = async (selector: string) => {
      const result = await raw(
        "GET",
        `/api/v1/namespaces/open/serviceaccounts?labelSelector=${encodeURIComponent(selector)}`,
      );
      return (result.body.items as { metadata: { name: string }; kind?: string }[])
        .map((i) => i.metadata.name)
        .sort();
    };
    expect(await list("tier=web")).toEqual(["a"]);
    expect(await list("tier!=web")).toEqual(["b", "c"]);
    expect(await list("tier in (web,worker)")).toEqual(["a", "b"]);
    expect(await list("tier notin (web)")).toEqual(["b", "c"]);
    expect(await list("tier")).toEqual(["a", "b"]);
    expect(await list("!tier")).toEqual(["c"]);
    expect(await list("app=x,tier=worker")).toEqual(["b"]);
    const listed = await raw("GET", "/api/v1/namespaces/open/serviceaccounts");
    expect(listed.body.kind).toBe("ServiceAccountList");
    expect(
      (listed.body.items as Record<string, unknown>[]).every(
        (i) => i.kind === undefined && i.apiVersion === undefined,
      ),
    ).toBe(true);
  });

  it("cascades a namespace deletion to everything in it", async () => {
    await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } });
    await apply({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "doomed" },
      data: {},
    });
    await apply(pod("p", "doomed", restrictedPod));
    expect(standIn.objectsIn("doomed")).toHaveLength(2);
    expect((await raw("DELETE", "/api/v1/namespaces/doomed")).status).toBe(200);
    expect(standIn.objectsIn("doomed")).toEqual([]);
    expect(standIn.namespaces()).not.toContain("doomed");
    expect((await raw("DELETE", "/api/v1/namespaces/doomed")).status).toBe(404);
  });
});
