// `skyport deployment recommendations` against the real REST API: lists the deployment's tuning
// recommendations, applies one as an ordinary deployment update, snoozes and dismisses, and
// refuses a dismiss without a reason as a usage error (exit code 2).
import { seedRecommendation } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });

const created = await ada.run(["deployment", "create", "etl", "-o", "json"]);
const deployment = created.json() as { id: string; organizationId: string };
const ref = { organizationId: deployment.organizationId, deploymentId: deployment.id };

describe("deployment recommendations", () => {
  it("lists open recommendations with their change and predicted effect", async () => {
    const id = await seedRecommendation(db, ref);
    const listed = await ada.run(["deployment", "recommendations", "etl", "--state", "OPEN", "-o", "json"]);
    expect(listed.code).toBe(0);
    const { items } = listed.json() as { items: { id: string; ruleId: string; state: string }[] };
    expect(items.map((r) => [r.id, r.ruleId, r.state])).toEqual([
      [id, "parallelism-below-worker-capacity", "OPEN"],
    ]);
    const table = await ada.run(["deployment", "recommendations", "etl"]);
    expect(table.stdout).toContain("queueWaitP90 100.0 → 10.0 (-90%)");
  });

  it("applies one with --apply --yes: the deployment's spec changes and its generation moves on", async () => {
    const before = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    const id = await seedRecommendation(db, ref);
    const recommendation = await db.tuningRecommendation.findUniqueOrThrow({ where: { id } });
    const wanted = (recommendation.changes as { to: string }[])[0]?.to;
    const applied = await ada.run(["deployment", "recommendations", "etl", "--apply", id, "--yes"]);
    expect(applied.code).toBe(0);
    const after = await db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(after.generation).toBe(before.generation + 1);
    expect((after.spec as { airflowConfigOverrides: unknown[] }).airflowConfigOverrides).toEqual([
      { section: "core", key: "parallelism", value: wanted },
    ]);
    expect((await db.tuningRecommendation.findUniqueOrThrow({ where: { id } })).state).toBe("APPLIED");
  });

  it("refuses --dismiss without --reason as a usage error, and dismisses with one", async () => {
    const id = await seedRecommendation(db, ref);
    const refused = await ada.run(["deployment", "recommendations", "etl", "--dismiss", id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--reason");
    const dismissed = await ada.run([
      "deployment",
      "recommendations",
      "etl",
      "--dismiss",
      id,
      "--reason",
      "the warehouse is the limit",
      "-o",
      "json",
    ]);
    expect(dismissed.code).toBe(0);
    expect(dismissed.json()).toMatchObject({
      state: "DISMISSED",
      dismissReason: "the warehouse is the limit",
    });
  });

  it("snoozes for the days given", async () => {
    const id = await seedRecommendation(db, ref);
    const snoozed = await ada.run([
      "deployment",
      "recommendations",
      "etl",
      "--snooze",
      id,
      "--days",
      "2w",
      "-o",
      "json",
    ]);
    expect(snoozed.code).toBe(0);
    const { state, snoozedUntil } = snoozed.json() as { state: string; snoozedUntil: string };
    expect(state).toBe("SNOOZED");
    const days = (Date.parse(snoozedUntil) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(14);
  });
});
