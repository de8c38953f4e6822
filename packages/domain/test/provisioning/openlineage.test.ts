// OpenLineage through the reconciler: with Skyport's public address configured, a reconcile
// seals the deployment's ingest token (once) and delivers Skyport's transport in the namespace's
// skyport-openlineage Secret (through the Kubernetes API stand-in), where the token authenticates
// as exactly that deployment. A rotation's new token reaches the Secret on the next reconcile.
// The token never reaches the worker's log, and render-only manifests on disk carry it redacted.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { authenticateIngestToken, createSecretBox, parseKeyring, rotateIngestToken } from "@skyport/domain";
import { CONFIG_CHECKSUM, ENVIRONMENT_CHECKSUM } from "@skyport/provisioning";
import { describe, expect, it } from "vitest";
import {
  createHarness,
  createReconciler,
  type Harness,
  secretData,
  TEST_KEK,
  useStandInReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const openLineage = { url: "https://skyport.example.com", cidr: "203.0.113.10/32", port: 443 };
const cluster = useStandInReconciler(harness, { openLineage });

function deliveredTransport(namespace: string): {
  auth: { apiKey: string };
  url: string;
  compression: string;
} {
  return JSON.parse(secretData(cluster.standIn, namespace, "skyport-openlineage").transport ?? "{}");
}

/** The config checksum of each Airflow Deployment (it rolls the pods when a Secret changes). */
function configChecksums(namespace: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const object of cluster.standIn.objectsIn(namespace)) {
    if (object.kind !== "Deployment") continue;
    const template = (object.spec as { template: { metadata?: { annotations?: Record<string, string> } } })
      .template;
    const annotations = template.metadata?.annotations ?? {};
    // Airflow's own Deployments (the broker and statsd-exporter carry other checksums).
    const checksum = ENVIRONMENT_CHECKSUM in annotations ? annotations[CONFIG_CHECKSUM] : undefined;
    if (checksum) found[(object.metadata as { name: string }).name] = checksum;
  }
  return found;
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
      { secrets: createSecretBox({ keyring: parseKeyring(TEST_KEK) }), jobs: { enqueue: async () => "job" } },
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

  it("writes render-only manifests with the transport wired and the token redacted", async () => {
    const manifestsDir = mkdtempSync(path.join(os.tmpdir(), "skyport-openlineage-manifests-"));
    const render = createReconciler(harness, { standIn: null, manifestsDir, settings: { openLineage } });
    try {
      const deployment = await harness.createDeployment();
      await render.reconciler.reconcile(deployment.id, { reason: "create", finalAttempt: false });
      const folder = path.join(manifestsDir, deployment.namespace);
      const all = readdirSync(folder)
        .map((file) => readFileSync(path.join(folder, file), "utf8"))
        .join("\n");
      expect(all).toContain("AIRFLOW__OPENLINEAGE__TRANSPORT");
      expect(all).toContain("skyport-openlineage");
      expect(all).toContain("allow-skyport");
      expect(all).not.toMatch(/skl_[A-Za-z0-9_-]{43}/);
      expect(render.lines.join("\n")).not.toMatch(/skl_[A-Za-z0-9_-]{43}/);
    } finally {
      await render.close();
    }
  });
});
