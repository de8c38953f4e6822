-- AlterTable
ALTER TABLE "AirflowConnection" ADD COLUMN     "deliveredBytes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AirflowVariable" ADD COLUMN     "deliveredBytes" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "EnvironmentVariable" ADD COLUMN     "deliveredBytes" INTEGER NOT NULL DEFAULT 0;
