// Tuning recommendations end to end in the domain: a deployment whose stored metrics and runs
// show parallelism far below its worker capacity gets that recommendation from the scheduled
// recompute (injected clock); members read it; operators and deployment admins apply it as an
// ordinary, audited deployment update; dismiss, snooze and revert are audited and refused to
// weaker roles; an applied recommendation is measured over equal windows before and after.
import { loadBillingPlans } from "@skyport/config";
import { deploymentSpec } from "@skyport/deployment-spec";
import {
  applyRecommendation,
  ConflictError,
  dismissRecommendation,
  ForbiddenError,
  listRecommendations,
  NotFoundError,
  recomputeRecommendations,
  revertRecommendation,
  snoozeRecommendation,
  ValidationError,
} from "@skyport/domain";
import { buildWorld, createTestDatabase, newDeployment } from "@skyport/testing";
import { workload } from "@skyport/tuning";
import { describe, expect, it } from "vitest";
import { freshProducer } from "../job-queues.ts";
import { personaContexts, withAudit } from "../workspace-support.ts";
import {
  HOUR,
  STARVED_LOAD as LOAD,
  STARVED_SPEC as SPEC,
  storeSimulatedHistory,
  T0,
} from "./history-support.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const as = personaContexts(db);
const services = () => ({ jobs: freshProducer(), baseDomain: "airflow.example.test" });
const { organizationId, deploymentId } = world;

const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** Stores what a runtime with this spec and workload would have reported: metrics, runs, tries. */
const storeHistory = (spec: typeof SPEC, startMs: number, target = deploymentId) =>
  storeSimulatedHistory(db, { organizationId, deploymentId: target }, spec, LOAD, startMs);

await db.deployment.update({
  where: { id: deploymentId },
  data: { spec: SPEC as object, status: "HEALTHY", observedGeneration: 1 },
});
await storeHistory(SPEC, T0);
const firstRecompute = await recomputeRecommendations(db, deploymentId, at(6 * 3600));

/** What a workspace member lists for this file's deployment (or `filter`'s). */
async function listed(filter: Partial<Parameters<typeof listRecommendations>[1]> = {}) {
  return (
    await listRecommendations(as(world, "workspaceMember"), { organizationId, deploymentId, ...filter })
  ).items;
}

async function openRecommendation() {
  const [only] = await listed({ state: "OPEN" });
  if (!only) throw new Error("no open recommendation");
  return only;
}

describe("recomputing from stored metrics and runs", () => {
  it("opens the parallelism recommendation, with evidence, diff, prediction and safety", async () => {
    expect(firstRecompute.opened).toBe(1);
    const recommendation = await openRecommendation();
    expect(recommendation.ruleId).toBe("parallelism-below-worker-capacity");
    expect(recommendation.diff).toEqual([
      "- airflowConfigOverrides core.parallelism: 8",
      "+ airflowConfigOverrides core.parallelism: 80",
    ]);
    expect(recommendation.evidence[0]?.series).toBe("executor_open_slots");
    expect(recommendation.evidence[0]?.observed).toBeGreaterThanOrEqual(0.25);
    expect(recommendation.prediction.after).toBeLessThan(recommendation.prediction.before * 0.5);
    expect(recommendation.safety.ok).toBe(true);
    expect(recommendation.canApply).toBe(true);
  });

  it("recomputing again with the same data keeps one row", async () => {
    const again = await recomputeRecommendations(db, deploymentId, at(6 * 3600));
    expect(again).toMatchObject({ opened: 0, updated: 1, superseded: 0 });
  });

  it("shows nothing to outsiders, as for a missing deployment", async () => {
    await expect(
      listRecommendations(as(world, "outsider"), { organizationId, deploymentId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("dismiss, snooze, apply and revert", () => {
  it("refuses a workspace member's apply and writes nothing", async () => {
    const recommendation = await openRecommendation();
    const outcome = await withAudit(db, [organizationId], () =>
      applyRecommendation(
        as(world, "workspaceMember"),
        { organizationId, deploymentId, recommendationId: recommendation.id },
        services(),
      ),
    );
    expect(outcome.error).toBeInstanceOf(ForbiddenError);
    expect(outcome.events).toEqual([]);
    expect((await openRecommendation()).state).toBe("OPEN");
  });

  it("needs a reason to dismiss, named in the error", async () => {
    const recommendation = await openRecommendation();
    const error = await dismissRecommendation(as(world, "workspaceOperator"), {
      organizationId,
      deploymentId,
      recommendationId: recommendation.id,
      reason: " ",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("reason is required");
  });

  it("snoozes (audited), and a recompute after the snooze ran out reopens it", async () => {
    const recommendation = await openRecommendation();
    const outcome = await withAudit(db, [organizationId], () =>
      snoozeRecommendation(
        as(world, "deploymentAdmin"),
        { organizationId, deploymentId, recommendationId: recommendation.id, days: 1 },
        at(6 * 3600),
      ),
    );
    expect(outcome.result?.state).toBe("SNOOZED");
    expect(outcome.events.map((e) => e.action)).toEqual(["deployment.recommendation.snooze"]);
    // Still snoozed an hour later; open again two days later (same data).
    await recomputeRecommendations(db, deploymentId, at(7 * 3600));
    expect((await listed())[0]?.state).toBe("SNOOZED");
    await recomputeRecommendations(db, deploymentId, at(6 * 3600 + 2 * 86_400));
    // The data is two days old by then: nothing is found any more, so it is superseded.
    const after = (await listed())[0];
    expect(after?.state).toBe("SUPERSEDED");
    await recomputeRecommendations(db, deploymentId, at(6 * 3600));
    expect((await openRecommendation()).id).toBe(recommendation.id);
  });

  it("applies as an ordinary deployment update tagged with the recommendation, then refuses a second apply", async () => {
    const recommendation = await openRecommendation();
    const before = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    const jobs = services();
    const outcome = await withAudit(db, [organizationId], () =>
      applyRecommendation(
        as(world, "workspaceOperator"),
        { organizationId, deploymentId, recommendationId: recommendation.id },
        jobs,
        at(6 * 3600),
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.result?.reconcileQueued).toBe(true);
    const after = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect(after.generation).toBe(before.generation + 1);
    expect((after.spec as unknown as typeof SPEC).airflowConfigOverrides).toEqual([
      { section: "core", key: "parallelism", value: "80" },
    ]);
    expect(outcome.events).toHaveLength(1);
    expect(outcome.events[0]?.action).toBe("deployment.update");
    expect(outcome.events[0]?.metadata).toMatchObject({
      recommendationId: recommendation.id,
      recommendationRule: "parallelism-below-worker-capacity",
    });
    const applied = (await listed({ state: "APPLIED" }))[0];
    expect(applied).toMatchObject({
      id: recommendation.id,
      outcome: "PENDING",
      appliedGeneration: after.generation,
    });
    await expect(
      applyRecommendation(
        as(world, "workspaceOperator"),
        { organizationId, deploymentId, recommendationId: recommendation.id },
        services(),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("measures equal windows before and after once the after-window is over", async () => {
    const applied = (await listed({ state: "APPLIED" }))[0];
    if (!applied?.appliedAt) throw new Error("not applied");
    // The runtime with the applied spec reports for the next six hours.
    const appliedSpec = deploymentSpec({
      ...SPEC,
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "80" }],
    });
    await storeHistory(appliedSpec, applied.appliedAt.getTime());
    const result = await recomputeRecommendations(
      db,
      deploymentId,
      new Date(applied.appliedAt.getTime() + 6 * HOUR),
    );
    expect(result.measured).toBe(1);
    const measured = (await listed({ state: "APPLIED" }))[0];
    expect(measured?.outcome).toBe("CONFIRMED");
    expect(measured?.measurement?.after.queueWaitP90).toBeLessThan(
      (measured?.measurement?.before.queueWaitP90 ?? 0) / 2,
    );
    expect(measured?.canRevert).toBe(true);
  });

  it("reverts with the inverse update, audited, and only once", async () => {
    const applied = (await listed({ state: "APPLIED" }))[0];
    if (!applied) throw new Error("not applied");
    const ref = { organizationId, deploymentId, recommendationId: applied.id };
    const forbidden = await withAudit(db, [organizationId], () =>
      revertRecommendation(as(world, "workspaceAuthor"), ref, services()),
    );
    expect(forbidden.error).toBeInstanceOf(ForbiddenError);
    expect(forbidden.events).toEqual([]);
    const outcome = await withAudit(db, [organizationId], () =>
      revertRecommendation(as(world, "deploymentAdmin"), ref, services()),
    );
    expect(outcome.events.map((e) => [e.action, (e.metadata as { revert?: boolean }).revert])).toEqual([
      ["deployment.update", true],
    ]);
    const spec = (await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } }))
      .spec as unknown as typeof SPEC;
    expect(spec.airflowConfigOverrides).toEqual([{ section: "core", key: "parallelism", value: "8" }]);
    await expect(revertRecommendation(as(world, "deploymentAdmin"), ref, services())).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("dismisses with a reason, audited", async () => {
    const other = await newDeployment(db, world, "tuned-too");
    await db.deployment.update({
      where: { id: other.deploymentId },
      data: { spec: { ...SPEC, name: "tuned-too" } as object, status: "HEALTHY", observedGeneration: 1 },
    });
    await storeHistory(SPEC, T0, other.deploymentId);
    await recomputeRecommendations(db, other.deploymentId, at(6 * 3600));
    const list = await listed({ ...other, state: "OPEN" });
    const recommendation = list[0];
    if (!recommendation) throw new Error("no open recommendation");
    const outcome = await withAudit(db, [organizationId], () =>
      dismissRecommendation(as(world, "workspaceOperator"), {
        ...other,
        recommendationId: recommendation.id,
        reason: "the warehouse cannot take more connections",
      }),
    );
    expect(outcome.result).toMatchObject({
      state: "DISMISSED",
      dismissReason: "the warehouse cannot take more connections",
    });
    expect(outcome.events.map((e) => e.action)).toEqual(["deployment.recommendation.dismiss"]);
    // Another deployment's recommendation is not reachable through this one.
    await expect(
      dismissRecommendation(as(world, "workspaceOperator"), {
        organizationId,
        deploymentId,
        recommendationId: recommendation.id,
        reason: "x",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the plan's limits", () => {
  // A queue pinned at its two-worker maximum: without limits the engine raises max workers to 4;
  // this plans file's trial plan allows 3 per queue.
  const PINNED = deploymentSpec({
    name: "pinned",
    executor: "CELERY",
    workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 2, workerConcurrency: 8 }],
    airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "128" }],
  });
  const BUSY = workload({
    dags: [0, 1, 2].map((i) => ({
      id: `ingest_${i}`,
      scheduleSeconds: 600,
      offsetSeconds: i * 100,
      tasks: Array.from({ length: 15 }, (_, t) => ({ id: `t${t}`, durationSeconds: 180, jitter: 0.2 })),
    })),
  });
  const shipped = loadBillingPlans();
  const billingPlans = {
    ...shipped,
    features: shipped.features.map((feature) =>
      feature.key === "workers_5" ? { ...feature, grants: { maxWorkersPerQueue: 3 } } : feature,
    ),
  };

  async function pinnedDeployment(name: string) {
    const ref = await newDeployment(db, world, name);
    await db.deployment.update({
      where: { id: ref.deploymentId },
      data: { spec: { ...PINNED, name } as object, status: "HEALTHY", observedGeneration: 1 },
    });
    await storeSimulatedHistory(db, { organizationId, deploymentId: ref.deploymentId }, PINNED, BUSY, T0);
    return ref;
  }
  const maxWorkersOf = (changes: Record<string, unknown>[]) =>
    changes.find((change) => change.kind === "queue" && change.field === "maxWorkers")?.to as
      | number
      | undefined;

  it("a recommendation never asks for more workers per queue than the plan allows", async () => {
    const free = await pinnedDeployment("pinned-unbilled");
    await recomputeRecommendations(db, free.deploymentId, at(6 * 3600));
    const [unbounded] = await listed({ ...free, state: "OPEN" });
    expect(unbounded?.ruleId).toBe("queue-at-max-workers");
    // Without a plan (billing off) the first proposal, more workers, is taken: beyond 3.
    expect(maxWorkersOf(unbounded?.changes ?? [])).toBeGreaterThan(3);

    const billed = await pinnedDeployment("pinned-billed");
    await recomputeRecommendations(db, billed.deploymentId, at(6 * 3600), { billingPlans });
    const [bounded] = await listed({ ...billed, state: "OPEN" });
    expect(bounded?.ruleId).toBe("queue-at-max-workers");
    expect(maxWorkersOf(bounded?.changes ?? []) ?? 2).toBeLessThanOrEqual(3);
    expect(bounded?.safety.items.find((item) => item.check === "plan")).toMatchObject({ ok: true });
  });

  it("apply re-checks the plan as it is now: refused with the reason, nothing written", async () => {
    // Made while billing was off; billing is on when it is applied.
    const ref = await pinnedDeployment("pinned-applied");
    await recomputeRecommendations(db, ref.deploymentId, at(6 * 3600));
    const [recommendation] = await listed({ ...ref, state: "OPEN" });
    if (!recommendation) throw new Error("no open recommendation");
    const before = await db.deployment.findUniqueOrThrow({ where: { id: ref.deploymentId } });
    const outcome = await withAudit(db, [organizationId], () =>
      applyRecommendation(
        as(world, "workspaceOperator"),
        { ...ref, recommendationId: recommendation.id },
        { ...services(), billingPlans },
      ),
    );
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect((outcome.error as ValidationError).message).toMatch(
      /no longer safe: worker queue default: \d+ workers exceed the plan's 3 per queue/,
    );
    expect(outcome.events).toEqual([]);
    const after = await db.deployment.findUniqueOrThrow({ where: { id: ref.deploymentId } });
    expect(after.generation).toBe(before.generation);
    expect(after.spec).toEqual(before.spec);
    const [still] = await listed(ref);
    expect(still?.state).toBe("OPEN");
  });
});
