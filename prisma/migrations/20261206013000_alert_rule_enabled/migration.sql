-- Alert rules get a real on/off switch. The console used to "disable" a rule by muting it until
-- year 9999; those rules become disabled (and unmuted) here.
ALTER TABLE "AlertRule" ADD COLUMN "enabled" BOOLEAN NOT NULL DEFAULT true;

UPDATE "AlertRule" SET "enabled" = false, "mutedUntil" = NULL WHERE "mutedUntil" >= TIMESTAMP '9999-01-01';
