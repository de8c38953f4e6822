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
