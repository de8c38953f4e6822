// What runtimes use to reach Skyport, through the reconciler, with Skyport's public address
// configured. DAG bundles: a reconcile mints the deployment's read-only bundle credential and
// delivers it in the namespace's own Secret (on a REAL Kubernetes control plane), where it
// authenticates as exactly that deployment. OpenLineage: a reconcile seals the deployment's ingest
// token (once) and delivers Skyport's transport in the skyport-openlineage Secret; a rotation's new
// token reaches the Secret on the next reconcile. Neither secret reaches the worker's log, and
// render-only manifests on disk carry them redacted.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  authenticateBundleCredential,
  authenticateIngestToken,
  createSecretBox,
  parseKeyring,
  rotateIngestToken,
} from "@skyport/domain";
import { CONFIG_CHECKSUM, ENVIRONMENT_CHECKSUM } from "@skyport/provisioning";
import { describe, expect, it } from "vitest";
import {
  podAnnotationsIn,
  realClusterAvailable,
  secretDataIn,
} from "../../../provisioning/test/support/real-cluster.ts";
import * as support from "./support.ts";

const { createReconciler, waitFor } = support;

const harness: support.Harness = await support.createHarness();
const skyport = { url: "https://skyport.example.com", cidr: "203.0.113.10/32", port: 443 };
const cluster = support.useRealReconciler(harness, { bundleSync: skyport, openLineage: skyport });
const api = () => cluster.real().cluster;
const secretData = (namespace: string, name: string) => secretDataIn(api(), namespace, name);

// Real rollouts take seconds (kwok's pods, the Deployment controller).
const slow = { timeout: 120_000 };

/** A new deployment reconciled to HEALTHY on the real control plane. */
async function provisioned() {
  const deployment = await harness.createDeployment();
  const outcome = await cluster.fixture.reconciler.reconcile(deployment.id, {
    reason: "create",
    finalAttempt: false,
  });
  expect(outcome).toMatchObject({ outcome: "healthy" });
  return deployment;
}

describe.skipIf(!realClusterAvailable)("bundle sync delivery", slow, () => {
  it("delivers the deployment's bundle credential in its namespace, and keeps it out of logs", async () => {
    const deployment = await provisioned();
    const token = (await secretData(deployment.namespace, "skyport-bundle-credential")).token ?? "";
    expect(token).toMatch(/^skpb_/);
    const holder = await authenticateBundleCredential(harness.db, token);
    expect(holder.deploymentId).toBe(deployment.id);
    expect(cluster.fixture.lines.join("\n")).not.toContain(token);

    // A second reconcile keeps the same credential (pods holding it keep working).
    await cluster.fixture.reconciler.reconcile(deployment.id, { reason: "drift", finalAttempt: false });
    expect((await secretData(deployment.namespace, "skyport-bundle-credential")).token).toBe(token);
  });
});

async function deliveredTransport(namespace: string): Promise<{
  auth: { apiKey: string };
  url: string;
  compression: string;
}> {
  return JSON.parse((await secretData(namespace, "skyport-openlineage")).transport ?? "{}");
}

/** The config checksum of each Airflow Deployment (it rolls the pods when a Secret changes). */
async function configChecksums(namespace: string): Promise<Record<string, string>> {
  // Airflow's own Deployments (the broker and statsd-exporter carry no environment checksum).
  const airflow = await podAnnotationsIn(api(), namespace, ENVIRONMENT_CHECKSUM);
  const config = await podAnnotationsIn(api(), namespace, CONFIG_CHECKSUM);
  return Object.fromEntries(Object.entries(config).filter(([name]) => name in airflow));
}

/** An owner of the harness's organization, to rotate as. */
async function organizationOwner() {
  const user = await harness.db.user.create({
    data: { email: `owner-${Date.now()}@example.test`, name: "Owner" },
  });
  await harness.db.organizationMembership.create({
    data: { organizationId: harness.organizationId, userId: user.id, role: "ORGANIZATION_OWNER" },
  });
  return { type: "user" as const, userId: user.id, label: user.email };
}

describe.skipIf(!realClusterAvailable)("OpenLineage delivery", slow, () => {
  it("delivers Skyport's transport with the deployment's token, redelivers a rotated one, and logs neither", async () => {
    const deployment = await provisioned();

    const transport = await deliveredTransport(deployment.namespace);
    expect(transport).toMatchObject({
      type: "http",
      url: "https://skyport.example.com/",
      compression: "gzip",
    });
    const token = transport.auth.apiKey;
    expect(await authenticateIngestToken(harness.db, token)).toEqual({
      organizationId: harness.organizationId,
      deploymentId: deployment.id,
    });
    // A second reconcile keeps the token (the runtime's pods keep working).
    await cluster.fixture.reconciler.reconcile(deployment.id, { reason: "drift", finalAttempt: false });
    expect((await deliveredTransport(deployment.namespace)).auth.apiKey).toBe(token);

    // Rotation: the old token stops at once; the next reconcile delivers the new one.
    const before = await configChecksums(deployment.namespace);
    const rotated = await rotateIngestToken(
      {
        db: harness.db,
        actor: await organizationOwner(),
        context: { ip: null, userAgent: "vitest", requestId: "rotate" },
      },
      { organizationId: harness.organizationId, deploymentId: deployment.id },
      {
        secrets: createSecretBox({ keyring: parseKeyring(support.TEST_KEK) }),
        jobs: { enqueue: async () => "job" },
      },
    );
    await expect(authenticateIngestToken(harness.db, token)).rejects.toThrow(/invalid or was rotated/);
    const redelivery = cluster.fixture.reconciler.reconcile(deployment.id, {
      reason: "update",
      finalAttempt: false,
    });
    await waitFor(
      async () => (await deliveredTransport(deployment.namespace)).auth.apiKey === rotated.token,
      15_000,
      "the rotated token in the Secret",
    );
    // The new token rolls the Airflow pods (their config checksum covers the Secret).
    await waitFor(
      async () => {
        const now = await configChecksums(deployment.namespace);
        return Object.keys(before).every((name) => now[name] && now[name] !== before[name]);
      },
      15_000,
      "every Airflow Deployment to get a new config checksum",
    );
    expect(await redelivery).toMatchObject({ outcome: "healthy" });
    const log = cluster.fixture.lines.join("\n");
    expect(log).not.toContain(token);
    expect(log).not.toContain(rotated.token);
  });
});

describe("render-only manifests", () => {
  it("wire the bundle sync and the OpenLineage transport with both secrets redacted", async () => {
    const manifestsDir = mkdtempSync(path.join(os.tmpdir(), "skyport-skyport-manifests-"));
    const render = createReconciler(harness, {
      manifestsDir,
      settings: { bundleSync: skyport, openLineage: skyport },
    });
    try {
      const deployment = await harness.createDeployment();
      await render.reconciler.reconcile(deployment.id, { reason: "create", finalAttempt: false });
      const folder = path.join(manifestsDir, deployment.namespace);
      const all = readdirSync(folder)
        .map((file) => readFileSync(path.join(folder, file), "utf8"))
        .join("\n");
      for (const wired of [
        "skyport-bundle-credential",
        "allow-skyport",
        "AIRFLOW__CORE__DAGS_FOLDER",
        "AIRFLOW__OPENLINEAGE__TRANSPORT",
        "skyport-openlineage",
      ])
        expect(all).toContain(wired);
      expect(all).not.toMatch(/skpb_[A-Za-z0-9_-]{43}/);
      expect(all).not.toMatch(/skl_[A-Za-z0-9_-]{43}/);
      expect(render.lines.join("\n")).not.toMatch(/skl_[A-Za-z0-9_-]{43}/);
    } finally {
      await render.close();
    }
  });
});
