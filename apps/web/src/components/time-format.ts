/**
 * Times in the console's audit and token tables: UTC, to the second, identical on the
 * server and in every browser (no hydration mismatch, no guessing the viewer's zone).
 */
export function formatUtc(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function formatUtcDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return date.toISOString().slice(0, 10);
}

/** "2026-11-21T15:04:05.000Z" → "2026-11-21T15:04" for a datetime-local input, read as UTC. */
export function toInputValue(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 16);
}

/**
 * A datetime-local value (minute precision, read as UTC) as ISO 8601: a range's start at the
 * minute's first millisecond, its end at the last, so "to" includes its whole minute.
 */
export function fromInputValue(value: string, edge: "start" | "end"): string {
  if (!value) return "";
  return `${value}${edge === "start" ? ":00.000Z" : ":59.999Z"}`;
}
