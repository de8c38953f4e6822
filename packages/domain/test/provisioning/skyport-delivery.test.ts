// What runtimes use to reach Skyport, through the reconciler, with Skyport's public address
// configured. DAG bundles: a reconcile mints the deployment's read-only bundle credential and
// delivers it in the namespace's own Secret (through the Kubernetes API stand-in), where it
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
import * as support from "./support.ts";

const { createReconciler, secretData, waitFor } = support;

const harness: support.Harness = await support.createHarness();
const skyport = { url: "https://skyport.example.com", cidr: "203.0.113.10/32", port: 443 };
const cluster = support.useStandInReconciler(harness, { bundleSync: skyport, openLineage: skyport });

/** A new deployment reconciled to HEALTHY on the stand-in. */
async function provisioned() {
  const deployment = await harness.createDeployment();
  const running = cluster.fixture.reconciler.reconcile(deployment.id, {
    reason: "create",
    finalAttempt: false,
  });
  await waitFor(
    async () =>
      (await harness.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } })).statusReason.includes(
        "to become ready",
      ),
    15_000,
    "the reconcile to wait for readiness",
  );
  cluster.standIn.setAllReady(deployment.namespace);
  await running;
  return deployment;
}

describe("bundle sync delivery", () => {
  it("delivers the deployment's bundle credential in its namespace, and keeps it out of logs", async () => {
    const deployment = await provisioned();
    const token = secretData(cluster.standIn, deployment.namespace, "skyport-bundle-credential").token ?? "";
    expect(token).toMatch(/^skpb_/);
    const holder = await authenticateBundleCredential(harness.db, token);
    expect(holder.deploymentId).toBe(deployment.id);
    expect(cluster.fixture.lines.join("\n")).not.toContain(token);

    // A second reconcile keeps the same credential (pods holding it keep working).
    await cluster.fixture.reconciler.reconcile(deployment.id, { reason: "drift", finalAttempt: false });
    expect(secretData(cluster.standIn, deployment.namespace, "skyport-bundle-credential").token).toBe(token);
  });
});

function deliveredTransport(namespace: string): {
  auth: { apiKey: string };
  url: string;
  compression: string;
} {
  return JSON.parse(secretData(cluster.standIn, namespace, "skyport-openlineage").transport ?? "{}");
}

/** The config checksum of each Airflow Deployment (it rolls the pods when a Secret changes). */
function configChecksums(namespace: string): Record<string, string> {
  // Airflow's own Deployments (the broker and statsd-exporter carry no environment checksum).
  const airflow = support.podAnnotations(cluster.standIn, namespace, ENVIRONMENT_CHECKSUM);
  const config = support.podAnnotations(cluster.standIn, namespace, CONFIG_CHECKSUM);
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

describe("OpenLineage delivery", () => {
  it("delivers Skyport's transport with the deployment's token, redelivers a rotated one, and logs neither", async () => {
    const deployment = await provisioned();

    const transport = deliveredTransport(deployment.namespace);
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
    expect(deliveredTransport(deployment.namespace).auth.apiKey).toBe(token);

    // Rotation: the old token stops at once; the next reconcile delivers the new one.
    const before = configChecksums(deployment.namespace);
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
      async () => deliveredTransport(deployment.namespace).auth.apiKey === rotated.token,
      15_000,
      "the rotated token in the Secret",
    );
    // The new token rolls the Airflow pods (their config checksum covers the Secret).
    await waitFor(
      () => {
        const now = configChecksums(deployment.namespace);
        return Object.keys(before).every((name) => now[name] && now[name] !== before[name]);
      },
      15_000,
      "every Airflow Deployment to get a new config checksum",
    );
    cluster.standIn.setAllReady(deployment.namespace);
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
      standIn: null,
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
