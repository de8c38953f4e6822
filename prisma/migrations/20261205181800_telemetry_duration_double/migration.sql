-- Durations in milliseconds overflowed a 32-bit integer for runs longer than 24.8 days (Airflow's
-- own `dags test` reports a run's start as its logical date, months back): doubles hold them.
ALTER TABLE "DagRun" ALTER COLUMN "durationMs" SET DATA TYPE DOUBLE PRECISION;
ALTER TABLE "TaskInstanceTry" ALTER COLUMN "durationMs" SET DATA TYPE DOUBLE PRECISION;
