// A deployment's tuning recommendations: read them, apply one (an ordinary deployment update,
// tagged with the recommendation in its audit event, bumping the generation and asking for a
// reconcile), dismiss one with a reason, snooze one, or revert an applied one (the inverse
// update). deployment.recommendations.read: WORKSPACE_MEMBER and up; .manage: WORKSPACE_OPERATOR
// or DEPLOYMENT_ADMIN — the same people who may update the deployment.
import type { Prisma, TransactionClient } from "@skyport/db";
import type { DeploymentSpec } from "@skyport/deployment-spec";
import {
  applyChanges,
  invertChanges,
  type PlanBounds,
  type SpecChange,
  safetyCheck,
  specChange,
} from "@skyport/tuning";
import { z } from "zod";
import { authorize, type Db } from "../authz/authorize.ts";
import {
  changeDeployment,
  type DeploymentChange,
  type DeploymentServices,
} from "../deployments/deployments.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { validate } from "../shared/validate.ts";
import {
  type DismissRecommendationInput,
  dismissRecommendationInput,
  type ListRecommendationsInput,
  listRecommendationsInput,
  type RecommendationList,
  type RecommendationOutcome,
  type RecommendationRefInput,
  type RecommendationView,
  recommendationRefInput,
  type SnoozeRecommendationInput,
  snoozeRecommendationInput,
} from "./recommendations.types.ts";
import { planBoundsOf } from "./recompute.ts";

type RecommendationRow = Prisma.TuningRecommendationGetPayload<object>;

export function toRecommendationView(row: RecommendationRow): RecommendationView {
  const changes = row.changes as Record<string, unknown>[];
  return {
    id: row.id,
    deploymentId: row.deploymentId,
    ruleId: row.ruleId,
    subject: row.subject,
    state: row.state,
    summary: row.summary,
    evidence: row.evidence as RecommendationView["evidence"],
    changes,
    diff: row.diff as string[],
    manual: row.manual,
    prediction: row.prediction as RecommendationView["prediction"],
    risk: row.risk,
    safety: row.safety as RecommendationView["safety"],
    source: row.source as RecommendationView["source"],
    specGeneration: row.specGeneration,
    computedAt: row.computedAt,
    dismissReason: row.dismissReason,
    snoozedUntil: row.snoozedUntil,
    appliedAt: row.appliedAt,
    appliedGeneration: row.appliedGeneration,
    measurement: reviveMeasurement(row.measurement),
    outcome: row.outcome as RecommendationOutcome | null,
    revertedAt: row.revertedAt,
    canApply: row.state === "OPEN" && changes.length > 0,
    canRevert: row.state === "APPLIED" && changes.length > 0,
  };
}

/** JSON keeps dates as strings; the view carries Dates. */
function reviveMeasurement(value: Prisma.JsonValue | null): RecommendationView["measurement"] {
  if (!value || typeof value !== "object") return null;
  const revive = (window: Record<string, unknown>) => ({
    ...window,
    from: new Date(String(window.from)),
    to: new Date(String(window.to)),
  });
  const { before, after } = value as { before: Record<string, unknown>; after: Record<string, unknown> };
  return { before: revive(before), after: revive(after) } as RecommendationView["measurement"];
}

async function findRecommendation(
  db: Db,
  ref: z.output<typeof recommendationRefInput>,
): Promise<RecommendationRow> {
  const row = await db.tuningRecommendation.findFirst({
    where: { id: ref.recommendationId, deploymentId: ref.deploymentId, organizationId: ref.organizationId },
  });
  if (!row) throw new NotFoundError("recommendation");
  return row;
}

function storedChanges(row: RecommendationRow): SpecChange[] {
  return z.array(specChange).parse(row.changes);
}

export async function listRecommendations(
  ctx: Pick<MutationContext, "db" | "actor">,
  rawInput: ListRecommendationsInput,
): Promise<RecommendationList> {
  const input = validate(listRecommendationsInput, rawInput);
  await authorize(ctx.db, ctx.actor, "deployment.recommendations.read", input);
  const rows = await ctx.db.tuningRecommendation.findMany({
    where: {
      organizationId: input.organizationId,
      deploymentId: input.deploymentId,
      ...(input.state ? { state: input.state } : {}),
    },
    orderBy: [{ computedAt: "desc" }, { id: "asc" }],
    // A deployment has a handful of rules × subjects; 200 is far above what one can hold.
    take: 200,
  });
  return { items: rows.map(toRecommendationView) };
}

/** The changes, applied to the spec as it is now; refused when the spec moved on since or the
 * result no longer fits the plan. */
function nextSpecFor(changes: readonly SpecChange[], plan: PlanBounds | undefined) {
  return (current: DeploymentSpec): DeploymentSpec => {
    for (const change of changes) {
      const stale = staleChange(current, change);
      if (stale) {
        throw new ConflictError(
          `the deployment's spec changed since this recommendation was made (${stale}); wait for it to be recomputed`,
          "recommendationId",
        );
      }
    }
    const safety = safetyCheck(current, changes, undefined, plan);
    if (!safety.ok) {
      const failed = safety.items.filter((item) => !item.ok).map((item) => item.detail);
      throw new ValidationError("recommendationId", `the change is no longer safe: ${failed.join("; ")}`);
    }
    const applied = applyChanges(current, changes);
    if (!applied.ok) {
      throw new ValidationError("recommendationId", applied.issues.map((issue) => issue.message).join("; "));
    }
    return applied.spec;
  };
}

/** What differs between the spec and the change's "from" side, or undefined when it still fits. */
function staleChange(spec: DeploymentSpec, change: SpecChange): string | undefined {
  switch (change.kind) {
    case "setting": {
      const value =
        spec.airflowConfigOverrides.find((o) => o.section === change.section && o.key === change.key)
          ?.value ?? null;
      return value === change.from ? undefined : `${change.section}.${change.key} is ${value ?? "not set"}`;
    }
    case "queue": {
      const queue = spec.workerQueues.find((q) => q.name === change.queue);
      if (!queue) return `worker queue ${change.queue} is gone`;
      return queue[change.field] === change.from
        ? undefined
        : `${change.queue}.${change.field} is ${queue[change.field]}`;
    }
    case "queueSize": {
      const queue = spec.workerQueues.find((q) => q.name === change.queue);
      if (!queue) return `worker queue ${change.queue} is gone`;
      return queue.workerSize === change.from
        ? undefined
        : `${change.queue}.workerSize is ${queue.workerSize}`;
    }
    case "schedulerSize":
      return spec.schedulerSize === change.from ? undefined : `schedulerSize is ${spec.schedulerSize}`;
    case "highAvailability":
      return spec.highAvailability === change.from
        ? undefined
        : `highAvailability is ${spec.highAvailability}`;
    case "addQueue":
      return spec.workerQueues.some((q) => q.name === change.queue.name)
        ? `worker queue ${change.queue.name} already exists`
        : undefined;
    case "removeQueue":
      return spec.workerQueues.some((q) => q.name === change.queue)
        ? undefined
        : `worker queue ${change.queue} is gone`;
    default: {
      const exhaustive: never = change;
      return exhaustive;
    }
  }
}

async function markState(
  tx: TransactionClient,
  row: RecommendationRow,
  expected: RecommendationRow["state"],
  data: Prisma.TuningRecommendationUpdateManyMutationInput,
): Promise<void> {
  const { count } = await tx.tuningRecommendation.updateMany({
    where: { id: row.id, organizationId: row.organizationId, state: expected },
    data,
  });
  if (count !== 1)
    throw new ConflictError(`the recommendation is no longer ${expected.toLowerCase()}`, "recommendationId");
}

/**
 * Applies an open recommendation: the ordinary deployment update (permission deployment.update,
 * validation, generation bump, reconcile), its audit event tagged with the recommendation id,
 * and the recommendation marked APPLIED in the same transaction.
 */
export async function applyRecommendation(
  ctx: MutationContext,
  rawInput: RecommendationRefInput,
  services: DeploymentServices,
  now = new Date(),
): Promise<DeploymentChange> {
  const { input, row } = await recommendationToChange(ctx, rawInput);
  requireState(row, ["OPEN"], "applied");
  const changes = storedChanges(row);
  if (changes.length === 0) {
    throw new ConflictError(
      "this recommendation asks for a change outside the deployment spec; make it in Airflow, then dismiss it",
      "recommendationId",
    );
  }
  // The plan as it is now (it may have changed since the recommendation was made).
  const plan = await planBoundsOf(ctx.db, services.billingPlans, input.organizationId, now);
  return changeDeployment(
    ctx,
    input,
    services,
    nextSpecFor(changes, plan),
    { recommendationId: row.id, recommendationRule: row.ruleId },
    async (tx, { generation }) =>
      markState(tx, row, "OPEN", {
        state: "APPLIED",
        appliedAt: now,
        appliedGeneration: generation,
        outcome: "PENDING",
      }),
  );
}

/** Reverts an applied recommendation: the inverse deployment update, audited like any other. */
export async function revertRecommendation(
  ctx: MutationContext,
  rawInput: RecommendationRefInput,
  services: DeploymentServices,
  now = new Date(),
): Promise<DeploymentChange> {
  const { input, row } = await recommendationToChange(ctx, rawInput);
  requireState(row, ["APPLIED"], "reverted");
  const changes = storedChanges(row);
  let inverse: SpecChange[] = [];
  return changeDeployment(
    ctx,
    input,
    services,
    (current) => {
      inverse = invertChanges(changes, current);
      for (const change of inverse) {
        const stale = staleChange(current, change);
        if (stale) {
          throw new ConflictError(
            `the spec changed after the recommendation was applied (${stale}); revert by hand`,
            "recommendationId",
          );
        }
      }
      const applied = applyChanges(current, inverse);
      if (!applied.ok)
        throw new ValidationError("recommendationId", applied.issues.map((i) => i.message).join("; "));
      return applied.spec;
    },
    { recommendationId: row.id, recommendationRule: row.ruleId, revert: true },
    async (tx) => markState(tx, row, "APPLIED", { state: "REVERTED", revertedAt: now }),
  );
}

async function changeState(
  ctx: MutationContext,
  input: z.output<typeof recommendationRefInput>,
  action: string,
  change: (row: RecommendationRow) => {
    expected: RecommendationRow["state"];
    data: Prisma.TuningRecommendationUpdateManyMutationInput;
  },
  metadata: Record<string, unknown>,
): Promise<RecommendationView> {
  return mutate(ctx, { permission: "deployment.recommendations.manage", resource: input }, async (tx) => {
    const row = await findRecommendation(tx, input);
    const { expected, data } = change(row);
    await markState(tx, row, expected, data);
    const updated = await tx.tuningRecommendation.findUniqueOrThrow({ where: { id: row.id } });
    const deployment = await tx.deployment.findFirst({
      where: { id: row.deploymentId, organizationId: row.organizationId },
      select: { name: true },
    });
    return {
      result: toRecommendationView(updated),
      audit: {
        action,
        targets: [
          { type: "deployment", id: row.deploymentId, label: deployment?.name ?? row.deploymentId },
          { type: "recommendation", id: row.id, label: `${row.ruleId} (${row.subject})` },
        ],
        metadata: { ruleId: row.ruleId, subject: row.subject, ...metadata },
      },
    };
  });
}

/** Refuses (409, naming the recommendation) a recommendation not in one of `allowed` states. */
function requireState(
  row: RecommendationRow,
  allowed: readonly RecommendationRow["state"][],
  verb: string,
): RecommendationRow["state"] {
  if (!allowed.includes(row.state)) {
    const states = allowed.map((state) => state.toLowerCase()).join(" or ");
    throw new ConflictError(
      `the recommendation is ${row.state.toLowerCase()}; only ${states} ones can be ${verb}`,
      "recommendationId",
    );
  }
  return row.state;
}

function openOrSnoozed(row: RecommendationRow, verb: string): RecommendationRow["state"] {
  return requireState(row, ["OPEN", "SNOOZED"], verb);
}

/** Apply and revert: the validated reference, the caller allowed to manage recommendations, and
 * the recommendation itself. */
async function recommendationToChange(ctx: MutationContext, rawInput: RecommendationRefInput) {
  const input = validate(recommendationRefInput, rawInput);
  await authorize(ctx.db, ctx.actor, "deployment.recommendations.manage", input);
  return { input, row: await findRecommendation(ctx.db, input) };
}

export async function dismissRecommendation(
  ctx: MutationContext,
  rawInput: DismissRecommendationInput,
): Promise<RecommendationView> {
  const input = validate(dismissRecommendationInput, rawInput);
  return changeState(
    ctx,
    input,
    "deployment.recommendation.dismiss",
    (row) => ({
      expected: openOrSnoozed(row, "dismissed"),
      data: { state: "DISMISSED", dismissReason: input.reason },
    }),
    { reason: input.reason },
  );
}

export async function snoozeRecommendation(
  ctx: MutationContext,
  rawInput: SnoozeRecommendationInput,
  now = new Date(),
): Promise<RecommendationView> {
  const input = validate(snoozeRecommendationInput, rawInput);
  const until = new Date(now.getTime() + input.days * 86_400_000);
  return changeState(
    ctx,
    input,
    "deployment.recommendation.snooze",
    (row) => ({ expected: openOrSnoozed(row, "snoozed"), data: { state: "SNOOZED", snoozedUntil: until } }),
    { snoozedUntil: until.toISOString() },
  );
}
