-- AlterTable
ALTER TABLE "Deploy" ADD COLUMN     "runtimeVersion" TEXT;

-- CreateTable
CREATE TABLE "DeploymentRegistryCredential" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordCiphertext" BYTEA NOT NULL,
    "valueVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeploymentRegistryCredential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentRegistryCredential_deploymentId_key" ON "DeploymentRegistryCredential"("deploymentId");

-- AddForeignKey
ALTER TABLE "DeploymentRegistryCredential" ADD CONSTRAINT "DeploymentRegistryCredential_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
