-- CreateEnum
CREATE TYPE "EnvironmentScope" AS ENUM ('WORKSPACE', 'DEPLOYMENT');

-- CreateTable
CREATE TABLE "OrganizationDataKey" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "kekId" TEXT NOT NULL,
    "wrappedKey" BYTEA NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrganizationDataKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnvironmentVariable" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "scope" "EnvironmentScope" NOT NULL,
    "deploymentId" TEXT,
    "scopeId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "isSecret" BOOLEAN NOT NULL DEFAULT false,
    "valueCiphertext" BYTEA NOT NULL,
    "valueVersion" INTEGER NOT NULL DEFAULT 1,
    "linkAllDeployments" BOOLEAN NOT NULL DEFAULT false,
    "linkedDeploymentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnvironmentVariable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AirflowConnection" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "scope" "EnvironmentScope" NOT NULL,
    "deploymentId" TEXT,
    "scopeId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "connType" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "host" TEXT,
    "port" INTEGER,
    "login" TEXT,
    "schema" TEXT,
    "passwordCiphertext" BYTEA,
    "extraCiphertext" BYTEA,
    "secretExtraFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "valueVersion" INTEGER NOT NULL DEFAULT 1,
    "linkAllDeployments" BOOLEAN NOT NULL DEFAULT false,
    "linkedDeploymentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AirflowConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AirflowVariable" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "scope" "EnvironmentScope" NOT NULL,
    "deploymentId" TEXT,
    "scopeId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "isSecret" BOOLEAN NOT NULL DEFAULT false,
    "valueCiphertext" BYTEA NOT NULL,
    "valueVersion" INTEGER NOT NULL DEFAULT 1,
    "linkAllDeployments" BOOLEAN NOT NULL DEFAULT false,
    "linkedDeploymentIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AirflowVariable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "id" TEXT NOT NULL,
    "callerKey" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganizationDataKey_kekId_idx" ON "OrganizationDataKey"("kekId");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationDataKey_organizationId_version_key" ON "OrganizationDataKey"("organizationId", "version");

-- CreateIndex
CREATE INDEX "EnvironmentVariable_organizationId_idx" ON "EnvironmentVariable"("organizationId");

-- CreateIndex
CREATE INDEX "EnvironmentVariable_workspaceId_idx" ON "EnvironmentVariable"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentVariable_scopeId_key_key" ON "EnvironmentVariable"("scopeId", "key");

-- CreateIndex
CREATE INDEX "AirflowConnection_organizationId_idx" ON "AirflowConnection"("organizationId");

-- CreateIndex
CREATE INDEX "AirflowConnection_workspaceId_idx" ON "AirflowConnection"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "AirflowConnection_scopeId_connectionId_key" ON "AirflowConnection"("scopeId", "connectionId");

-- CreateIndex
CREATE INDEX "AirflowVariable_organizationId_idx" ON "AirflowVariable"("organizationId");

-- CreateIndex
CREATE INDEX "AirflowVariable_workspaceId_idx" ON "AirflowVariable"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "AirflowVariable_scopeId_key_key" ON "AirflowVariable"("scopeId", "key");

-- CreateIndex
CREATE INDEX "IdempotencyKey_expiresAt_idx" ON "IdempotencyKey"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyKey_callerKey_key_key" ON "IdempotencyKey"("callerKey", "key");

-- AddForeignKey
ALTER TABLE "OrganizationDataKey" ADD CONSTRAINT "OrganizationDataKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentVariable" ADD CONSTRAINT "EnvironmentVariable_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentVariable" ADD CONSTRAINT "EnvironmentVariable_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AirflowConnection" ADD CONSTRAINT "AirflowConnection_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AirflowConnection" ADD CONSTRAINT "AirflowConnection_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AirflowVariable" ADD CONSTRAINT "AirflowVariable_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AirflowVariable" ADD CONSTRAINT "AirflowVariable_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
