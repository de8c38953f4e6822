import { pickParams, queryOf } from "@/components/url-query.ts";

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
  return pickParams(query, FILTER_KEYS);
}

/** The query string for these filters (empty ones left out), without the leading "?". */
export function filtersToQuery(filters: Partial<AuditFilterValues>): string {
  return queryOf(FILTER_KEYS, filters);
}

export function hasFilters(filters: AuditFilterValues): boolean {
  return FILTER_KEYS.some((key) => filters[key]);
}
