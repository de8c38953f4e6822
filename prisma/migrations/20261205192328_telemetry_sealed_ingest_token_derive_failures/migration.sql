-- AlterTable
ALTER TABLE "IngestToken" ADD COLUMN     "valueCiphertext" BYTEA,
ADD COLUMN     "valueVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "LineageDeriveFailure" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "lastError" TEXT NOT NULL,
    "firstFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastFailedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "parkedAt" TIMESTAMP(3),

    CONSTRAINT "LineageDeriveFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LineageDeriveFailure_deploymentId_runId_key" ON "LineageDeriveFailure"("deploymentId", "runId");
