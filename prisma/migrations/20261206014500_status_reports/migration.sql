-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerUserId" TEXT,
    "cron" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "sendMode" TEXT NOT NULL DEFAULT 'ALWAYS',
    "channelIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requireSignIn" BOOLEAN NOT NULL DEFAULT false,
    "showErrorDetails" BOOLEAN NOT NULL DEFAULT false,
    "statusTokenHash" TEXT,
    "statusLinkVersion" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" TEXT,
    "lastRunAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportCheck" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "dagId" TEXT,
    "taskId" TEXT,
    "datasetNamespace" TEXT,
    "datasetName" TEXT,
    "assertion" TEXT,
    "column" TEXT,
    "freshnessMinutes" INTEGER,
    "deadline" TEXT,

    CONSTRAINT "ReportCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSubscriber" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "userId" TEXT,
    "status" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "unsubscribedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportSubscriber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3),
    "evaluatedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "previousStatus" TEXT,
    "notified" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportCheckResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,

    CONSTRAINT "ReportCheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDelivery" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subscriberId" TEXT,
    "channelId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "ReportDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportDeliveryAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "error" TEXT,
    "retryAfterMs" INTEGER,

    CONSTRAINT "ReportDeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Report_statusTokenHash_key" ON "Report"("statusTokenHash");
CREATE INDEX "Report_organizationId_idx" ON "Report"("organizationId");
CREATE INDEX "Report_nextRunAt_idx" ON "Report"("nextRunAt");
CREATE UNIQUE INDEX "Report_workspaceId_title_key" ON "Report"("workspaceId", "title");
CREATE UNIQUE INDEX "ReportCheck_reportId_position_key" ON "ReportCheck"("reportId", "position");
CREATE UNIQUE INDEX "ReportSubscriber_reportId_email_key" ON "ReportSubscriber"("reportId", "email");
CREATE INDEX "ReportRun_reportId_evaluatedAt_idx" ON "ReportRun"("reportId", "evaluatedAt");
CREATE UNIQUE INDEX "ReportRun_reportId_scheduledFor_key" ON "ReportRun"("reportId", "scheduledFor");
CREATE UNIQUE INDEX "ReportCheckResult_runId_position_key" ON "ReportCheckResult"("runId", "position");
CREATE INDEX "ReportDelivery_runId_idx" ON "ReportDelivery"("runId");
CREATE UNIQUE INDEX "ReportDeliveryAttempt_deliveryId_number_key" ON "ReportDeliveryAttempt"("deliveryId", "number");

-- AddForeignKey
ALTER TABLE "ReportCheck" ADD CONSTRAINT "ReportCheck_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportSubscriber" ADD CONSTRAINT "ReportSubscriber_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportCheckResult" ADD CONSTRAINT "ReportCheckResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportDelivery" ADD CONSTRAINT "ReportDelivery_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportDeliveryAttempt" ADD CONSTRAINT "ReportDeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "ReportDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
