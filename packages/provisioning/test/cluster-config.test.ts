import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterConfigError, KubernetesApplier, loadClusterConfig } from "../src/index.ts";
import { KubeStandIn } from "./support/kube-stand-in.ts";

let standIn: KubeStandIn;
beforeAll(async () => {
  standIn = await KubeStandIn.start();
});
afterAll(async () => {
  await standIn.stop();
});

const noServiceAccount = { serviceAccountDir: path.join(tmpdir(), "no-such-service-account") };

describe("loadClusterConfig", () => {
  it("returns null when no cluster is configured (render-only mode)", () => {
    expect(loadClusterConfig({}, noServiceAccount)).toBeNull();
    // In-cluster variables without a mounted token are not a cluster either.
    expect(
      loadClusterConfig(
        { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" },
        noServiceAccount,
      ),
    ).toBeNull();
  });

  it("uses KUBECONFIG, and the resulting client reaches the cluster", async () => {
    const config = loadClusterConfig({ KUBECONFIG: standIn.writeKubeconfig() }, noServiceAccount);
    expect(config?.source).toBe("kubeconfig");
    expect(config?.server).toBe(standIn.url);
    if (!config) throw new Error("no config");
    const applier = new KubernetesApplier(config.kubeConfig);
    expect(await applier.namespaceExists("nope")).toBe(false);
    expect(standIn.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/api/v1/namespaces/nope",
      status: 404,
    });
  });

  it("fails loudly, naming the file, when KUBECONFIG points nowhere", () => {
    expect(() => loadClusterConfig({ KUBECONFIG: "/nonexistent/kubeconfig" })).toThrow(ClusterConfigError);
    expect(() => loadClusterConfig({ KUBECONFIG: "/nonexistent/kubeconfig" })).toThrow(
      "/nonexistent/kubeconfig",
    );
  });

  it("uses the mounted service account inside a cluster", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "service-account-"));
    writeFileSync(path.join(dir, "token"), "token");
    writeFileSync(path.join(dir, "ca.crt"), "");
    const config = loadClusterConfig(
      { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" },
      { serviceAccountDir: dir },
    );
    expect(config).toMatchObject({ source: "in-cluster", server: "https://10.96.0.1:443" });
    expect(config?.kubeConfig.getCurrentUser()?.authProvider?.config?.tokenFile).toBe(
      path.join(dir, "token"),
    );
  });
});
