-- CreateTable
CREATE TABLE "BundleSyncReport" (
    "deploymentId" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "installedSha256" TEXT NOT NULL DEFAULT '',
    "failedSha256" TEXT NOT NULL DEFAULT '',
    "error" TEXT NOT NULL DEFAULT '',
    "reportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BundleSyncReport_pkey" PRIMARY KEY ("deploymentId","component")
);

-- AddForeignKey
ALTER TABLE "BundleSyncReport" ADD CONSTRAINT "BundleSyncReport_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
