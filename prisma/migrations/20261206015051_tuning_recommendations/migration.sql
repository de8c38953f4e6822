-- CreateEnum
CREATE TYPE "TuningRecommendationState" AS ENUM ('OPEN', 'APPLIED', 'DISMISSED', 'SNOOZED', 'SUPERSEDED', 'REVERTED');

-- CreateTable
CREATE TABLE "TuningRecommendation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "state" "TuningRecommendationState" NOT NULL DEFAULT 'OPEN',
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "changes" JSONB NOT NULL,
    "diff" JSONB NOT NULL,
    "manual" TEXT,
    "prediction" JSONB NOT NULL,
    "risk" TEXT NOT NULL,
    "safety" JSONB NOT NULL,
    "source" JSONB NOT NULL,
    "specGeneration" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "dismissReason" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "appliedGeneration" INTEGER,
    "measurement" JSONB,
    "outcome" TEXT,
    "revertedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TuningRecommendation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TuningRecommendation_deploymentId_state_idx" ON "TuningRecommendation"("deploymentId", "state");

-- CreateIndex
CREATE INDEX "TuningRecommendation_organizationId_idx" ON "TuningRecommendation"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "TuningRecommendation_deploymentId_fingerprint_key" ON "TuningRecommendation"("deploymentId", "fingerprint");
