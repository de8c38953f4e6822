// Deadlines of timeliness rules: a wall-clock time on chosen days in an IANA time zone, turned
// into instants with luxon, so a 09:00 Europe/Berlin deadline is 08:00 UTC in winter and 07:00
// UTC in summer, and the DST change days get their own correct instant. A deadline time that
// does not exist on a spring-forward day (02:30 when clocks jump 02:00→03:00) moves forward by
// the gap, as luxon (and Airflow's pendulum) resolve it.
import { DateTime } from "luxon";
import { DAYS_OF_WEEK, type DayOfWeek } from "./alerts.types.ts";

export interface DeadlineSchedule {
  deadline: string;
  timeZone: string;
  daysOfWeek: readonly DayOfWeek[];
}

/** Every deadline instant in (from, to], oldest first. */
export function deadlinesBetween(schedule: DeadlineSchedule, from: Date, to: Date): Date[] {
  const [hour, minute] = schedule.deadline.split(":").map(Number) as [number, number];
  const days = new Set(schedule.daysOfWeek.map((day) => DAYS_OF_WEEK.indexOf(day) + 1));
  const result: Date[] = [];
  let day = DateTime.fromJSDate(from, { zone: schedule.timeZone }).startOf("day").minus({ days: 1 });
  const end = to.getTime();
  for (let guard = 0; guard < 400; guard++) {
    const instant = day.set({ hour, minute, second: 0, millisecond: 0 });
    const at = instant.toMillis();
    if (at > end) break;
    if (at > from.getTime() && days.has(instant.weekday)) result.push(new Date(at));
    day = day.plus({ days: 1 });
  }
  return result;
}
