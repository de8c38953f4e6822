// DAG bundles through the reconciler: with Skyport's public address configured, a reconcile
// mints the deployment's read-only bundle credential and delivers it in the namespace's own
// Secret (through the Kubernetes API stand-in), where it authenticates as exactly that
// deployment; it never reaches the worker's log. Render-only manifests carry it redacted.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { authenticateBundleCredential } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import {
  createHarness,
  createReconciler,
  type Harness,
  secretData,
  useStandInReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const bundleSync = { url: "https://skyport.example.com", cidr: "203.0.113.10/32", port: 443 };
const cluster = useStandInReconciler(harness, { bundleSync });

describe("bundle sync delivery", () => {
  it("delivers the deployment's bundle credential in its namespace, and keeps it out of logs", async () => {
    const deployment = await harness.createDeployment();
    const running = cluster.fixture.reconciler.reconcile(deployment.id, {
      reason: "create",
      finalAttempt: false,
    });
    await waitFor(
      async () =>
        (
          await harness.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })
        ).statusReason.includes("to become ready"),
      15_000,
      "the reconcile to wait for readiness",
    );
    cluster.standIn.setAllReady(deployment.namespace);
    await running;

    const token = secretData(cluster.standIn, deployment.namespace, "skyport-bundle-credential").token ?? "";
    expect(token).toMatch(/^skpb_/);
    const holder = await authenticateBundleCredential(harness.db, token);
    expect(holder.deploymentId).toBe(deployment.id);
    expect(cluster.fixture.lines.join("\n")).not.toContain(token);

    // A second reconcile keeps the same credential (pods holding it keep working).
    await cluster.fixture.reconciler.reconcile(deployment.id, { reason: "drift", finalAttempt: false });
    expect(secretData(cluster.standIn, deployment.namespace, "skyport-bundle-credential").token).toBe(token);
  });

  it("writes render-only manifests with the sync and a redacted credential", async () => {
    const manifestsDir = mkdtempSync(path.join(os.tmpdir(), "skyport-bundle-manifests-"));
    const render = createReconciler(harness, { standIn: null, manifestsDir, settings: { bundleSync } });
    try {
      const deployment = await harness.createDeployment();
      await render.reconciler.reconcile(deployment.id, { reason: "create", finalAttempt: false });
      const folder = path.join(manifestsDir, deployment.namespace);
      const files = readdirSync(folder);
      const all = files.map((file) => readFileSync(path.join(folder, file), "utf8")).join("\n");
      expect(all).toContain("skyport-bundle-credential");
      expect(all).toContain("allow-skyport");
      expect(all).toContain("AIRFLOW__CORE__DAGS_FOLDER");
      expect(all).not.toMatch(/skpb_[A-Za-z0-9_-]{43}/);
    } finally {
      await render.close();
    }
  });
});
