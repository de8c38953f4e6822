-- AlterTable
ALTER TABLE "AlertIncident" ADD COLUMN "occurrences" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "lastOccurredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AlertMute" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "dagId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL DEFAULT '',
    "until" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertMute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertMute_ruleId_dagId_taskId_key" ON "AlertMute"("ruleId", "dagId", "taskId");

-- AddForeignKey
ALTER TABLE "AlertMute" ADD CONSTRAINT "AlertMute_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
