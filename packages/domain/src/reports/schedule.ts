// Report schedules: presets become cron, and cron runs are found by cron-parser in the report's
// IANA zone, so "08:00 Europe/Berlin" is 07:00 UTC in winter and 06:00 UTC in summer.
import { CronExpressionParser } from "cron-parser";
import { ValidationError } from "../shared/errors.ts";
import { SCHEDULE_DAYS, type ScheduleInput } from "./reports.types.ts";

/** The cron a schedule input stands for (five fields: minute hour day month weekday). */
export function cronOf(schedule: ScheduleInput): string {
  switch (schedule.type) {
    case "DAILY": {
      const [hour, minute] = schedule.time.split(":").map(Number);
      return `${minute} ${hour} * * *`;
    }
    case "WEEKLY": {
      const [hour, minute] = schedule.time.split(":").map(Number);
      return `${minute} ${hour} * * ${SCHEDULE_DAYS.indexOf(schedule.day)}`;
    }
    case "CRON":
      return checkedCron(schedule.cron);
    default: {
      const exhaustive: never = schedule;
      return exhaustive;
    }
  }
}

/** A cron expression cron-parser accepts, with five fields (no seconds: reports are not that urgent). */
export function checkedCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ValidationError(
      "schedule.cron",
      "must have five fields: minute hour day-of-month month day-of-week (e.g. 0 8 * * 1-5)",
    );
  }
  try {
    CronExpressionParser.parse(fields.join(" "), { strict: false });
  } catch (error) {
    throw new ValidationError(
      "schedule.cron",
      `is not a valid cron expression (${error instanceof Error ? error.message : "unreadable"})`,
    );
  }
  return fields.join(" ");
}

/** The next `count` run times strictly after `after`, in the zone. */
export function nextRuns(cron: string, timeZone: string, after: Date, count = 1): Date[] {
  const expression = CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone });
  const result: Date[] = [];
  for (let i = 0; i < count; i++) result.push(expression.next().toDate());
  return result;
}

/** The latest run time at or before `now` (the one a late tick still owes), or null. */
export function latestRunAtOrBefore(cron: string, timeZone: string, now: Date): Date | null {
  const expression = CronExpressionParser.parse(cron, {
    currentDate: new Date(now.getTime() + 1),
    tz: timeZone,
  });
  try {
    return expression.prev().toDate();
  } catch {
    return null;
  }
}
