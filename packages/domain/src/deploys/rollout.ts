// How a DAG deploy ends. Each component of the runtime (scheduler, dag-processor, triggerer,
// worker-<queue>) reports through its bundle sync which bundle it runs and which one it could
// not install. A deploy turns ACTIVE once every component that always runs reports its bundle;
// it turns FAILED when a component cannot install it (the cause is in the reason) or when some
// component has not reported it within the rollout timeout (the reason names them). A failed
// deploy hands the deployment back to the deploy it replaced, so the runtime goes back to a
// bundle that worked.
import type { PrismaClient, TransactionClient } from "@skyport/db";
import { bundleSyncComponentNames, bundleSyncReporters } from "@skyport/provisioning";
import type { Db } from "../authz/authorize.ts";
import { storedSpec } from "../deployments/spec.ts";
import type { DeployProgress } from "./deploys.types.ts";
import type { BundleCredentialHolder } from "./runtime.ts";

/** How long a deploy may wait for every component to report its bundle. */
export const DEFAULT_ROLLOUT_TIMEOUT_MS = 10 * 60 * 1000;

const SHA256 = /^[0-9a-f]{64}$/;
const ERROR_MAX = 300;

export interface BundleSyncReportInput {
  /** The part of the runtime reporting (X-Skyport-Component), or the parts one sync serves. */
  component: string | readonly string[];
  /** The bundle it runs now (X-Skyport-Installed). */
  installed?: string;
  /** A bundle it cannot install, and why (X-Skyport-Failed, X-Skyport-Error). */
  failed?: { sha256: string; error: string };
}

/**
 * Records what one component's bundle sync reports (or one sync serving several components, as
 * a local runtime's does), then settles the deployment's rolling-out bundle deploy once. Names
 * the deployment has no component for are ignored (the table holds one row per real
 * component), as are malformed digests.
 */
export async function reportBundleSync(
  db: PrismaClient,
  holder: BundleCredentialHolder,
  report: BundleSyncReportInput,
  now = new Date(),
): Promise<void> {
  const deployment = await db.deployment.findUnique({
    where: { id: holder.deploymentId },
    select: { spec: true },
  });
  if (!deployment) return;
  const known = bundleSyncComponentNames(storedSpec(deployment.spec));
  const components = [report.component].flat().filter((component) => known.includes(component));
  if (components.length === 0) return;
  const installed = report.installed && SHA256.test(report.installed) ? report.installed : "";
  const failed = report.failed && SHA256.test(report.failed.sha256) ? report.failed : null;
  const fields = {
    installedSha256: installed,
    failedSha256: failed?.sha256 ?? "",
    error: failed ? oneLine(failed.error) : "",
    reportedAt: now,
  };
  for (const component of new Set(components)) {
    await db.bundleSyncReport.upsert({
      where: { deploymentId_component: { deploymentId: holder.deploymentId, component } },
      create: { deploymentId: holder.deploymentId, component, ...fields },
      update: fields,
    });
  }
  const rolling = await db.deploy.findFirst({
    where: { deploymentId: holder.deploymentId, kind: "DAG_BUNDLE", status: "ROLLING_OUT" },
    select: { id: true },
  });
  if (!rolling) return;
  // Under the deployment's lock, so of two components reporting at once the later one sees both.
  await db.$transaction(async (tx) => {
    await lockDeploymentRow(tx, holder.deploymentId);
    await settleRollout(tx, holder.deploymentId, now, null);
  });
}

/**
 * Fails the bundle deploys still rolling out after the timeout, naming the components that
 * did not report their bundle. For the worker's periodic sweep.
 */
export async function failStalledDeploys(
  db: PrismaClient,
  options: { now?: Date; timeoutMs?: number } = {},
): Promise<{ failed: { deploymentId: string; number: number }[] }> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? DEFAULT_ROLLOUT_TIMEOUT_MS;
  const stalled = await db.deploy.findMany({
    where: {
      kind: "DAG_BUNDLE",
      status: "ROLLING_OUT",
      createdAt: { lt: new Date(now.getTime() - timeoutMs) },
    },
    select: { deploymentId: true },
    distinct: ["deploymentId"],
  });
  const failed: { deploymentId: string; number: number }[] = [];
  for (const { deploymentId } of stalled) {
    const number = await db.$transaction(async (tx) => {
      await lockDeploymentRow(tx, deploymentId);
      return settleRollout(tx, deploymentId, now, timeoutMs);
    });
    if (number !== null) failed.push({ deploymentId, number });
  }
  return { failed };
}

/**
 * Settles the deployment's rolling-out bundle deploy from the components' reports: ACTIVE when
 * every expected component runs its bundle, FAILED when one cannot install it or (with a
 * timeout) when it waited longer than that. Returns the number of a deploy it failed.
 */
async function settleRollout(
  tx: TransactionClient,
  deploymentId: string,
  now: Date,
  timeoutMs: number | null,
): Promise<number | null> {
  const deploy = await tx.deploy.findFirst({
    where: { deploymentId, kind: "DAG_BUNDLE", status: "ROLLING_OUT", bundleSha256: { not: null } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, bundleSha256: true, createdAt: true },
  });
  if (!deploy?.bundleSha256) return null;
  const progress = await rolloutProgress(tx, deploymentId, deploy.bundleSha256);
  if (progress.failed.length > 0) {
    const causes = progress.failed.map((f) => `${f.component}: ${f.error}`).join("; ");
    await failDeploy(tx, deploy, `The runtime could not install the bundle (${causes}).`, now);
    return deploy.number;
  }
  if (progress.waiting.length === 0) {
    await tx.deploy.update({
      where: { id: deploy.id },
      data: { status: "ACTIVE", statusReason: "", activatedAt: now },
    });
    return null;
  }
  if (timeoutMs !== null && now.getTime() - deploy.createdAt.getTime() > timeoutMs) {
    const installedOn = progress.installed.length ? ` (installed on ${progress.installed.join(", ")})` : "";
    await failDeploy(
      tx,
      deploy,
      `Not installed within ${describeDuration(timeoutMs)}: no report of the bundle from ${progress.waiting.join(", ")}${installedOn}. Is the deployment running, and can its pods reach Skyport?`,
      now,
    );
    return deploy.number;
  }
  return null;
}

/** Which components run the bundle, which are still waited for, and which cannot install it. */
export async function rolloutProgress(db: Db, deploymentId: string, sha256: string): Promise<DeployProgress> {
  const deployment = await db.deployment.findUniqueOrThrow({
    where: { id: deploymentId },
    select: { spec: true, bundleSyncReports: true },
  });
  const expected = bundleSyncReporters(storedSpec(deployment.spec));
  const reports = new Map(deployment.bundleSyncReports.map((r) => [r.component, r]));
  return {
    expected,
    installed: expected.filter((c) => reports.get(c)?.installedSha256 === sha256),
    waiting: expected.filter((c) => reports.get(c)?.installedSha256 !== sha256),
    failed: deployment.bundleSyncReports
      .filter((r) => r.failedSha256 === sha256)
      .map((r) => ({ component: r.component, error: r.error })),
  };
}

/** Marks the deploy FAILED and gives the deployment back to the last deploy that ran. */
export async function failDeploy(
  tx: TransactionClient,
  deploy: { id: string; number: number },
  reason: string,
  now: Date,
): Promise<void> {
  const failed = await tx.deploy.update({
    where: { id: deploy.id },
    data: { status: "FAILED", statusReason: reason, endedAt: now },
    select: { deploymentId: true, kind: true },
  });
  const previous = await tx.deploy.findFirst({
    where: {
      deploymentId: failed.deploymentId,
      kind: failed.kind,
      number: { lt: deploy.number },
      status: "SUPERSEDED",
      activatedAt: { not: null },
    },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  if (previous) {
    await tx.deploy.update({
      where: { id: previous.id },
      data: {
        status: "ACTIVE",
        endedAt: null,
        statusReason: `Active again: deploy ${deploy.number} failed.`,
      },
    });
  }
}

async function lockDeploymentRow(tx: TransactionClient, deploymentId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Deployment" WHERE "id" = ${deploymentId} FOR UPDATE`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, ERROR_MAX);
}

function describeDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
