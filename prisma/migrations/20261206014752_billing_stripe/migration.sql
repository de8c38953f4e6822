-- CreateTable
CREATE TABLE "BillingCustomer" (
    "organizationId" TEXT NOT NULL,
    "stripeCustomerId" TEXT NOT NULL,
    "checkoutSessionId" TEXT,
    "checkoutSessionUrl" TEXT,
    "checkoutPlanKey" TEXT,
    "checkoutExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingCustomer_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "BillingSubscription" (
    "organizationId" TEXT NOT NULL,
    "stripeSubscriptionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "planKey" TEXT,
    "currentPeriodStart" TIMESTAMP(3),
    "currentPeriodEnd" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "trialEnd" TIMESTAMP(3),
    "pastDueSince" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingSubscription_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "BillingEntitlement" (
    "organizationId" TEXT NOT NULL,
    "lookupKey" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingEntitlement_pkey" PRIMARY KEY ("organizationId","lookupKey")
);

-- CreateTable
CREATE TABLE "StripeWebhookEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stripeCustomerId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "StripeWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuntimeUsageInterval" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "replicas" INTEGER NOT NULL DEFAULT 1,
    "queueName" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "RuntimeUsageInterval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "organizationId" TEXT NOT NULL,
    "meterKey" TEXT NOT NULL,
    "hourStart" TIMESTAMP(3) NOT NULL,
    "seconds" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("organizationId","meterKey","hourStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingCustomer_stripeCustomerId_key" ON "BillingCustomer"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "BillingSubscription_stripeSubscriptionId_key" ON "BillingSubscription"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "StripeWebhookEvent_receivedAt_idx" ON "StripeWebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "RuntimeUsageInterval_organizationId_startedAt_idx" ON "RuntimeUsageInterval"("organizationId", "startedAt");

-- CreateIndex
CREATE INDEX "RuntimeUsageInterval_deploymentId_endedAt_idx" ON "RuntimeUsageInterval"("deploymentId", "endedAt");

-- CreateIndex
CREATE INDEX "UsageRecord_sentAt_hourStart_idx" ON "UsageRecord"("sentAt", "hourStart");
