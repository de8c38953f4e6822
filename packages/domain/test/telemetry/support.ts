// Shared helpers for telemetry tests: deployments to ingest into (from @skyport/testing), and
// the derived model of a deployment as plain data (what the assertions compare).
import type { PrismaClient } from "@skyport/db";

export { newDeployment } from "@skyport/testing";

/** Everything derived for a deployment, in a stable order. */
export async function modelOf(db: PrismaClient, deploymentId: string) {
  const dagRuns = await db.dagRun.findMany({ where: { deploymentId }, orderBy: { id: "asc" } });
  const tasks = await db.taskInstanceTry.findMany({ where: { deploymentId }, orderBy: { id: "asc" } });
  const dataQuality = await db.dataQualityResult.findMany({
    where: { deploymentId },
    orderBy: { id: "asc" },
  });
  return { dagRuns, tasks, dataQuality };
}

/** A compact view of the model for assertions about what the events said. */
export async function summaryOf(db: PrismaClient, deploymentId: string) {
  const { dagRuns, tasks, dataQuality } = await modelOf(db, deploymentId);
  return {
    dagRuns: dagRuns
      .map((r) => ({
        dagId: r.dagId,
        state: r.state,
        durationMs: r.durationMs,
        runType: r.runType,
        airflowRunId: r.airflowRunId,
        errorMessage: r.errorMessage,
        taskCount: r.taskCount,
        failedTaskCount: r.failedTaskCount,
      }))
      .sort((a, b) => a.dagId.localeCompare(b.dagId)),
    tasks: tasks
      .map((t) => ({
        dagId: t.dagId,
        taskId: t.taskId,
        state: t.state,
        source: t.source,
        tryNumber: t.tryNumber,
        durationMs: t.durationMs,
        queue: t.queue,
        pool: t.pool,
        errorMessage: t.errorMessage,
        hasStackTrace: t.stackTrace !== null,
      }))
      .sort((a, b) => `${a.dagId}.${a.taskId}`.localeCompare(`${b.dagId}.${b.taskId}`)),
    dataQuality: dataQuality
      .map((q) => ({
        source: q.source,
        dataset: q.datasetName,
        assertion: q.assertion,
        column: q.column,
        success: q.success,
        severity: q.severity,
        expected: q.expected,
        actual: q.actual,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}
