// A tuning recommendation of the world's deployment, as the recompute job writes one: an open
// one raising core.parallelism from whatever the spec holds now (so applying it fits), or an
// applied one whose revert fits the spec as it is.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import type { World } from "./world.ts";

export async function seedRecommendation(
  db: PrismaClient,
  world: Pick<World, "organizationId" | "deploymentId">,
  state: "OPEN" | "APPLIED" = "OPEN",
): Promise<string> {
  const deployment = await db.deployment.findUniqueOrThrow({ where: { id: world.deploymentId } });
  const overrides = ((
    deployment.spec as { airflowConfigOverrides?: { section: string; key: string; value: string }[] }
  ).airflowConfigOverrides ?? []) as { section: string; key: string; value: string }[];
  const current = overrides.find((o) => o.section === "core" && o.key === "parallelism")?.value ?? null;
  const other = String(33 + Math.floor(Math.random() * 60));
  const change =
    state === "OPEN"
      ? { kind: "setting", section: "core", key: "parallelism", from: current, to: other }
      : { kind: "setting", section: "core", key: "parallelism", from: other, to: current };
  const fingerprint = randomUUID();
  const row = await db.tuningRecommendation.create({
    data: {
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
      ruleId: "parallelism-below-worker-capacity",
      subject: "deployment",
      fingerprint,
      state,
      summary: "Tasks wait for executor slots.",
      evidence: [],
      changes: [change],
      diff: [],
      prediction: {
        metric: "queueWaitP90",
        before: 100,
        after: 10,
        change: -0.9,
        queueWaitP90: { before: 100, after: 10 },
        throughputPerHour: { before: 10, after: 10 },
        workerHours: { before: 1, after: 1 },
        horizonSeconds: 3600,
      },
      risk: "More tasks at once.",
      safety: { ok: true, items: [] },
      source: { title: "gcpdiag", url: "https://gcpdiag.dev/rules/composer/BP/2023_002/" },
      specGeneration: deployment.generation,
      computedAt: new Date(),
      ...(state === "APPLIED"
        ? { appliedAt: new Date(), appliedGeneration: deployment.generation, outcome: "PENDING" }
        : {}),
    },
  });
  return row.id;
}
