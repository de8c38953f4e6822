-- CreateTable
CREATE TABLE "MetricSeries" (
    "id" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "labelsKey" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricBucket" (
    "seriesId" TEXT NOT NULL,
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "last" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "MetricBucket_pkey" PRIMARY KEY ("seriesId","bucketStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricSeries_deploymentId_series_labelsKey_key" ON "MetricSeries"("deploymentId", "series", "labelsKey");

-- CreateIndex
CREATE INDEX "MetricBucket_bucketStart_idx" ON "MetricBucket"("bucketStart");

-- AddForeignKey
ALTER TABLE "MetricBucket" ADD CONSTRAINT "MetricBucket_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "MetricSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
