// The public status of a report over HTTP, through the real route handlers: JSON and an SVG
// badge at the token URL without signing in; nothing beyond the report (no ids); the same 404
// for unknown and revoked tokens; "require sign-in" hides it from anonymous callers; and each
// client address is rate limited.
import {
  createReport,
  executeReportRun,
  issueStatusLink,
  revokeStatusLink,
  updateReport,
} from "@skyport/domain";
import { buildWorld, newDeployment, reportDefaults } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { GET as badge } from "../app/(site)/status/[token]/badge.svg/route.ts";
import { GET as json } from "../app/(site)/status/[token]/json/route.ts";
import { PUBLIC_STATUS_RATE_LIMIT } from "../src/server/reports/public-status.ts";
import { createTestServices, serveRoutesWith, TEST_SECRET } from "./support.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);
const world = await buildWorld(db);
const author = {
  db,
  actor: world.actor("workspaceAuthor"),
  context: { ip: null, userAgent: null, requestId: null },
};

function get(handler: typeof json, token: string, ip = "198.51.100.10") {
  const request = new Request(`http://localhost:3000/status/${token}/json`, {
    headers: { "x-forwarded-for": ip },
  });
  return handler(request, { params: Promise.resolve({ token }) });
}

async function reportWithLink(title: string) {
  const { deploymentId } = await newDeployment(db, world);
  const report = await createReport(author, {
    ...reportDefaults(world),
    title,
    description: "Is yesterday's sales data ready?",
    checks: [{ kind: "DAG", deploymentId, dagId: "sales", freshnessMinutes: 60, label: "Sales DAG" }],
  });
  await executeReportRun(db, { reportId: report.id, trigger: "MANUAL", now: new Date() });
  const link = await issueStatusLink(
    author,
    { organizationId: world.organizationId, reportId: report.id },
    TEST_SECRET,
    "http://localhost:3000",
  );
  return { report, deploymentId, link };
}

describe("public status page endpoints", () => {
  it("answers JSON and a badge without sign-in, revealing nothing beyond the report", async () => {
    const { report, deploymentId, link } = await reportWithLink("Sales ready");
    const response = await get(json, link.token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      title: "Sales ready",
      description: "Is yesterday's sales data ready?",
      status: "UNKNOWN",
      statusLabel: "Unknown",
      checks: [
        { label: "Sales DAG", kind: "DAG", status: "UNKNOWN", summary: "No run of this DAG has been seen." },
      ],
    });
    expect((body.history as unknown[]).length).toBe(90);
    const text = JSON.stringify(body);
    for (const id of [report.id, deploymentId, world.organizationId, world.workspaceId])
      expect(text).not.toContain(id);

    const svg = await get(badge, link.token);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(await svg.text()).toContain("<title>Sales ready: Unknown</title>");
  });

  it("answers the same 404 for an unknown and a revoked token", async () => {
    const { report, link } = await reportWithLink("Revocable");
    expect((await get(json, link.token)).status).toBe(200);
    await revokeStatusLink(author, { organizationId: world.organizationId, reportId: report.id });
    const revoked = await get(json, link.token);
    const unknown = await get(json, `st_${"A".repeat(43)}`);
    expect([revoked.status, unknown.status]).toEqual([404, 404]);
    const strip = async (response: Response) => {
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      return { ...error, requestId: undefined };
    };
    expect(await strip(revoked)).toEqual(await strip(unknown));
    expect((await get(badge, link.token)).status).toBe(404);
  });

  it("hides a report that requires sign-in from anonymous callers", async () => {
    const { report, link } = await reportWithLink("Members only");
    await updateReport(author, {
      organizationId: world.organizationId,
      reportId: report.id,
      requireSignIn: true,
    });
    expect((await get(json, link.token)).status).toBe(404);
  });

  it("rate limits each client address", async () => {
    const token = `st_${"B".repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= PUBLIC_STATUS_RATE_LIMIT.points; i++)
      statuses.push((await get(json, token, "203.0.113.99")).status);
    expect(statuses.filter((status) => status === 404)).toHaveLength(PUBLIC_STATUS_RATE_LIMIT.points);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await get(json, token, "203.0.113.100")).status).toBe(404);
  });
});
