// The public status of a report, found by its status page token only. It tells the report's
// own title, description, checks and history — no id of anything, no stack trace, and error
// messages only when the owner allowed them. Unknown and revoked tokens answer the same 404.
import type { PrismaClient } from "@skyport/db";
import { DateTime } from "luxon";
import { authorize } from "../authz/authorize.ts";
import type { Actor } from "../shared/actor.ts";
import { NotFoundError } from "../shared/errors.ts";
import { reportStatus } from "./evaluate.ts";
import { hashStatusToken } from "./links.ts";
import { type CheckStatus, type PublicStatusView, STATUS_LABELS } from "./reports.types.ts";

export const HISTORY_DAYS = 90;
const TOKEN_PATTERN = /^st_[A-Za-z0-9_-]{43}$/;

function notFound() {
  return new NotFoundError("status page");
}

/**
 * The public view at `token`. A report that requires sign-in shows only to a signed-in member
 * of its workspace; to anyone else it is the same 404 as an unknown token.
 */
export async function getPublicStatus(
  db: PrismaClient,
  token: string,
  options: { now?: Date; actor?: Actor | null } = {},
): Promise<PublicStatusView> {
  const now = options.now ?? new Date();
  if (!TOKEN_PATTERN.test(token)) throw notFound();
  const report = await db.report.findUnique({
    where: { statusTokenHash: hashStatusToken(token) },
    select: {
      id: true,
      organizationId: true,
      workspaceId: true,
      title: true,
      description: true,
      timeZone: true,
      requireSignIn: true,
      showErrorDetails: true,
      lastStatus: true,
      lastRunAt: true,
      checks: { orderBy: { position: "asc" }, select: { position: true, label: true, kind: true } },
    },
  });
  if (!report) throw notFound();
  if (report.requireSignIn) {
    if (!options.actor) throw notFound();
    await authorize(db, options.actor, "report.workspace.read", {
      organizationId: report.organizationId,
      workspaceId: report.workspaceId,
    }).catch(() => {
      throw notFound();
    });
  }
  const latest = await db.reportRun.findFirst({
    where: { reportId: report.id },
    orderBy: [{ evaluatedAt: "desc" }, { id: "desc" }],
    select: { results: { select: { position: true, status: true, summary: true, evidence: true } } },
  });
  const resultOf = new Map((latest?.results ?? []).map((result) => [result.position, result]));
  const status = (report.lastStatus as CheckStatus | null) ?? "UNKNOWN";
  return {
    title: report.title,
    description: report.description,
    status,
    statusLabel: STATUS_LABELS[status],
    lastUpdated: report.lastRunAt,
    checks: report.checks.map((check) => {
      const result = resultOf.get(check.position);
      const error = (result?.evidence as { errorMessage?: unknown } | undefined)?.errorMessage;
      const detail =
        report.showErrorDetails && typeof error === "string" ? ` Error: ${error.slice(0, 500)}` : "";
      return {
        label: check.label,
        kind: check.kind as PublicStatusView["checks"][number]["kind"],
        status: (result?.status as CheckStatus | undefined) ?? "UNKNOWN",
        summary: result ? `${result.summary}${detail}` : "Not evaluated yet.",
      };
    }),
    history: await dailyHistory(db, report.id, report.timeZone, now),
  };
}

/** One bar per day of the last 90 in the report's zone: the worst status of that day's runs. */
export async function dailyHistory(db: PrismaClient, reportId: string, timeZone: string, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const first = today.minus({ days: HISTORY_DAYS - 1 });
  const runs = await db.reportRun.findMany({
    where: { reportId, evaluatedAt: { gte: first.toJSDate(), lte: now } },
    select: { evaluatedAt: true, status: true },
  });
  const byDay = new Map<string, CheckStatus[]>();
  for (const run of runs) {
    const day = DateTime.fromJSDate(run.evaluatedAt, { zone: timeZone }).toISODate() as string;
    byDay.set(day, [...(byDay.get(day) ?? []), run.status as CheckStatus]);
  }
  return Array.from({ length: HISTORY_DAYS }, (_, index) => {
    const date = first.plus({ days: index }).toISODate() as string;
    const statuses = byDay.get(date);
    return { date, status: statuses ? reportStatus(statuses) : null };
  });
}

const BADGE_COLOURS: Record<CheckStatus, string> = {
  PASSED: "#2e7d32",
  WARNING: "#f9a825",
  FAILED: "#c62828",
  STALE: "#ef6c00",
  UNKNOWN: "#757575",
};

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A shields-style SVG badge: the report's title on the left, its status on the right. */
export function statusBadgeSvg(view: Pick<PublicStatusView, "title" | "status" | "statusLabel">): string {
  const left = view.title.slice(0, 40);
  const right = view.statusLabel;
  const leftWidth = 10 + left.length * 7;
  const rightWidth = 10 + right.length * 7;
  const width = leftWidth + rightWidth;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${xml(`${left}: ${right}`)}"><title>${xml(`${left}: ${right}`)}</title><rect width="${leftWidth}" height="20" fill="#555"/><rect x="${leftWidth}" width="${rightWidth}" height="20" fill="${BADGE_COLOURS[view.status]}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="5" y="14">${xml(left)}</text><text x="${leftWidth + 5}" y="14">${xml(right)}</text></g></svg>`;
}
