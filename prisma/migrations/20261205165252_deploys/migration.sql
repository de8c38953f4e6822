-- CreateEnum
CREATE TYPE "DeployKind" AS ENUM ('DAG_BUNDLE', 'IMAGE');

-- CreateEnum
CREATE TYPE "DeployStatus" AS ENUM ('PENDING', 'ROLLING_OUT', 'ACTIVE', 'FAILED', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "DagBundle" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "uncompressedBytes" INTEGER NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "manifest" JSONB NOT NULL,
    "objectKey" TEXT NOT NULL,
    "uploadedByType" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DagBundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deploy" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "DeployKind" NOT NULL,
    "bundleSha256" TEXT,
    "image" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "ciMetadata" JSONB NOT NULL DEFAULT '{}',
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "status" "DeployStatus" NOT NULL DEFAULT 'PENDING',
    "statusReason" TEXT NOT NULL DEFAULT '',
    "rollbackOfId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "activatedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Deploy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentBundleCredential" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "valueCiphertext" BYTEA NOT NULL,
    "valueVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeploymentBundleCredential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DagBundle_deploymentId_id_idx" ON "DagBundle"("deploymentId", "id");

-- CreateIndex
CREATE INDEX "DagBundle_createdAt_idx" ON "DagBundle"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DagBundle_deploymentId_sha256_key" ON "DagBundle"("deploymentId", "sha256");

-- CreateIndex
CREATE INDEX "Deploy_deploymentId_bundleSha256_idx" ON "Deploy"("deploymentId", "bundleSha256");

-- CreateIndex
CREATE INDEX "Deploy_organizationId_idx" ON "Deploy"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Deploy_deploymentId_number_key" ON "Deploy"("deploymentId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentBundleCredential_deploymentId_key" ON "DeploymentBundleCredential"("deploymentId");

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentBundleCredential_secretHash_key" ON "DeploymentBundleCredential"("secretHash");

-- AddForeignKey
ALTER TABLE "DagBundle" ADD CONSTRAINT "DagBundle_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deploy" ADD CONSTRAINT "Deploy_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deploy" ADD CONSTRAINT "Deploy_rollbackOfId_fkey" FOREIGN KEY ("rollbackOfId") REFERENCES "Deploy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentBundleCredential" ADD CONSTRAINT "DeploymentBundleCredential_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
