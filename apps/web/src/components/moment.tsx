import { formatUtc, formatUtcDate } from "./time-format.ts";

/** A moment as UTC text, machine-readable in `dateTime`; `date` shows the day only. */
export function Moment({ at, date = false }: { at: Date; date?: boolean }) {
  return <time dateTime={at.toISOString()}>{date ? formatUtcDate(at) : formatUtc(at)}</time>;
}
