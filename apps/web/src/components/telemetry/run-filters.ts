import type { ListDagRunsInput } from "@skyport/domain";
import { pickParams, queryOf } from "@/components/url-query.ts";

/** The runs list's filters as they appear in the page URL (times ISO 8601, UTC). */
export interface RunFilterValues {
  dagId: string;
  state: string;
  from: string;
  to: string;
}

const KEYS = ["dagId", "state", "from", "to"] as const;

export const runFiltersFromSearchParams = (query: Record<string, string | string[] | undefined>) =>
  pickParams(query, KEYS) satisfies RunFilterValues;

/** The query string of these filters (empty ones left out), without the leading "?". */
export const runFiltersToQuery = (filters: Partial<RunFilterValues>) => queryOf(KEYS, filters);

/**
 * The list procedure's input for these filters. Values are passed as typed, so the server
 * names a malformed one ("state must be one of …", "from must be an ISO 8601 date-time").
 */
export function runListInput(organizationId: string, deploymentId: string, filters: RunFilterValues) {
  return {
    organizationId,
    deploymentId,
    ...(filters.dagId ? { dagId: filters.dagId } : {}),
    ...(filters.state ? { state: filters.state as ListDagRunsInput["state"] } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}
