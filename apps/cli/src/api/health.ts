import { type ApiClient, ApiError } from "./client.ts";

/** GET /api/health, as the web app reports it (200 when healthy, 503 when a dependency is down). */
export interface HealthReport {
  status: "ok" | "error";
  db: "ok" | "unreachable";
  redis: "ok" | "unreachable";
  /** Informational only: a stale worker does not make the API unhealthy. */
  worker: "ok" | "stale" | "unknown";
  version: string;
  failing: Array<"db" | "redis">;
}

export const HEALTH_PATH = "/api/health";

export async function fetchHealth(client: ApiClient): Promise<HealthReport> {
  const response = await client.request<unknown>("GET", HEALTH_PATH, { acceptStatus: [503] });
  const report = parseHealthReport(response.data);
  if (!report) {
    // A 503 from a proxy or load balancer in front of Skyport has no report in it.
    const url = client.url(HEALTH_PATH);
    if (response.status === 503) {
      throw new ApiError(503, undefined, "service unavailable", undefined, url, response.data);
    }
    throw new ApiError(
      response.status,
      undefined,
      "the response is not a Skyport health report",
      undefined,
      url,
      response.data,
    );
  }
  return report;
}

function parseHealthReport(body: unknown): HealthReport | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): value is T =>
    typeof value === "string" && (allowed as readonly string[]).includes(value);
  if (
    !oneOf(b.status, ["ok", "error"]) ||
    !oneOf(b.db, ["ok", "unreachable"]) ||
    !oneOf(b.redis, ["ok", "unreachable"]) ||
    !oneOf(b.worker, ["ok", "stale", "unknown"]) ||
    typeof b.version !== "string"
  ) {
    return undefined;
  }
  const failing = Array.isArray(b.failing) ? b.failing.filter((f) => f === "db" || f === "redis") : [];
  // Fields a newer server adds pass through, so `-o json` shows everything the server said.
  return { ...b, status: b.status, db: b.db, redis: b.redis, worker: b.worker, version: b.version, failing };
}
