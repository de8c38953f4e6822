/** The audit log's filters as they appear in the page URL (dates as ISO 8601, UTC). */
export interface AuditFilterValues {
  actorId: string;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

export const FILTER_KEYS = [
  "actorId",
  "actorType",
  "action",
  "targetType",
  "targetId",
  "from",
  "to",
] as const;

export function filtersFromSearchParams(
  query: Record<string, string | string[] | undefined>,
): AuditFilterValues {
  const pick = (key: string) => {
    const value = query[key];
    return typeof value === "string" ? value.trim() : "";
  };
  return {
    actorId: pick("actorId"),
    actorType: pick("actorType"),
    action: pick("action"),
    targetType: pick("targetType"),
    targetId: pick("targetId"),
    from: pick("from"),
    to: pick("to"),
  };
}

/** The query string for these filters (empty ones left out), without the leading "?". */
export function filtersToQuery(filters: Partial<AuditFilterValues>): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

export function hasFilters(filters: AuditFilterValues): boolean {
  return FILTER_KEYS.some((key) => filters[key]);
}
