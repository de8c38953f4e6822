-- Telemetry: per-deployment ingest tokens, the raw OpenLineage event store and the run model
-- derived from it. "LineageEvent" is range-partitioned by eventTime by hand (Prisma cannot say
-- so): monthly partitions "LineageEvent_pYYYYMM" are created on demand by the ingest path and
-- dropped whole by the retention job. Raw events are append-only (trigger at the end).

-- CreateTable
CREATE TABLE "IngestToken" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "IngestToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineageEvent" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "eventTime" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "eventHash" TEXT NOT NULL,
    "eventType" TEXT,
    "runId" TEXT NOT NULL,
    "parentRunId" TEXT,
    "jobNamespace" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "sizeBytes" INTEGER NOT NULL,

    CONSTRAINT "LineageEvent_pkey" PRIMARY KEY ("id","eventTime")
) PARTITION BY RANGE ("eventTime");

-- CreateTable
CREATE TABLE "TelemetryCursor" (
    "deploymentId" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TelemetryCursor_pkey" PRIMARY KEY ("deploymentId")
);

-- CreateTable
CREATE TABLE "DagRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "jobNamespace" TEXT NOT NULL,
    "dagId" TEXT NOT NULL,
    "airflowRunId" TEXT,
    "logicalDate" TIMESTAMP(3),
    "runType" TEXT,
    "state" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "errorMessage" TEXT,
    "lastEventTime" TIMESTAMP(3) NOT NULL,
    "taskCount" INTEGER NOT NULL DEFAULT 0,
    "failedTaskCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DagRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskInstanceTry" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "runId" TEXT,
    "dagRunId" TEXT NOT NULL,
    "dagId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "tryNumber" INTEGER,
    "mapIndex" INTEGER,
    "state" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "queue" TEXT,
    "pool" TEXT,
    "errorMessage" TEXT,
    "stackTrace" TEXT,

    CONSTRAINT "TaskInstanceTry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataQualityResult" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "datasetNamespace" TEXT,
    "datasetName" TEXT,
    "assertion" TEXT NOT NULL,
    "name" TEXT,
    "column" TEXT,
    "success" BOOLEAN NOT NULL,
    "severity" TEXT,
    "expected" TEXT,
    "actual" TEXT,
    "eventTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataQualityResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IngestToken_deploymentId_key" ON "IngestToken"("deploymentId");

-- CreateIndex
CREATE UNIQUE INDEX "IngestToken_secretHash_key" ON "IngestToken"("secretHash");

-- CreateIndex
CREATE INDEX "IngestToken_organizationId_idx" ON "IngestToken"("organizationId");

-- CreateIndex
CREATE INDEX "LineageEvent_deploymentId_runId_idx" ON "LineageEvent"("deploymentId", "runId");

-- CreateIndex
CREATE INDEX "LineageEvent_deploymentId_seq_idx" ON "LineageEvent"("deploymentId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "LineageEvent_deploymentId_eventHash_eventTime_key" ON "LineageEvent"("deploymentId", "eventHash", "eventTime");

-- CreateIndex
CREATE INDEX "DagRun_deploymentId_lastEventTime_id_idx" ON "DagRun"("deploymentId", "lastEventTime", "id");

-- CreateIndex
CREATE INDEX "DagRun_deploymentId_dagId_lastEventTime_idx" ON "DagRun"("deploymentId", "dagId", "lastEventTime");

-- CreateIndex
CREATE UNIQUE INDEX "DagRun_deploymentId_runId_key" ON "DagRun"("deploymentId", "runId");

-- CreateIndex
CREATE INDEX "TaskInstanceTry_deploymentId_dagRunId_idx" ON "TaskInstanceTry"("deploymentId", "dagRunId");

-- CreateIndex
CREATE UNIQUE INDEX "TaskInstanceTry_deploymentId_key_key" ON "TaskInstanceTry"("deploymentId", "key");

-- CreateIndex
CREATE INDEX "DataQualityResult_deploymentId_runId_idx" ON "DataQualityResult"("deploymentId", "runId");

-- CreateIndex
CREATE INDEX "DataQualityResult_deploymentId_datasetNamespace_datasetName_idx" ON "DataQualityResult"("deploymentId", "datasetNamespace", "datasetName");

-- Raw events are append-only: rows are never changed or deleted one by one (retention drops
-- whole partitions, which this trigger does not see).
CREATE FUNCTION "lineage_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'LineageEvent is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "LineageEvent_append_only"
  BEFORE UPDATE OR DELETE ON "LineageEvent"
  FOR EACH ROW EXECUTE FUNCTION "lineage_event_append_only"();
