// What a report delivery job needs to send one message (an e-mail to a confirmed subscriber or
// a Slack summary), and the record of each attempt (same shape as alert deliveries).
import type { PrismaClient } from "@skyport/db";
import { openChannelSecret } from "../alerts/channels.ts";
import { recordAttempt, type recordDeliveryAttempt } from "../alerts/delivery.ts";
import type { SecretBox } from "../secrets/types.ts";
import { formatTime, STATUS_PRECEDENCE } from "./evaluate.ts";
import {
  signSubscriberLink,
  statusPageUrl,
  statusTokenOf,
  subscriberLinkUrl,
  UNSUBSCRIBE_LINK_TTL_MS,
} from "./links.ts";
import { type CheckStatus, STATUS_LABELS } from "./reports.types.ts";

export interface ReportMessage {
  deliveryId: string;
  organizationId: string;
  title: string;
  description: string;
  status: CheckStatus;
  statusLabel: string;
  /** `[Failed] Sales ready` */
  subject: string;
  evaluatedAt: string;
  /** Failing checks first (by status precedence), then in the report's order. */
  checks: Array<{
    label: string;
    status: CheckStatus;
    statusLabel: string;
    summary: string;
    evidence: string[];
  }>;
  statusPageUrl: string | null;
  consoleUrl: string;
}

export type ReportDeliveryToSend =
  | { kind: "EMAIL"; to: string; unsubscribeUrl: string; message: ReportMessage; attempts: number }
  | { kind: "SLACK"; webhookUrl: string; message: ReportMessage; attempts: number };

/**
 * Evidence lines a stakeholder understands — the run, its times, the window, the deadline, failing
 * assertions with expected/actual; the error message only if allowed. The one reading of a
 * check's evidence, for e-mail, Slack and the console.
 */
export function reportEvidenceLines(evidence: Record<string, unknown>, showErrors: boolean): string[] {
  const lines: string[] = [];
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  // Stored as ISO instants; shown to the second in UTC, the same on every surface.
  const time = (value: unknown) =>
    text(value) ? `${String(value).slice(0, 19).replace("T", " ")} UTC` : null;
  if (text(evidence.runId))
    lines.push(`Run ${evidence.runId}${text(evidence.state) ? ` (${evidence.state})` : ""}`);
  if (text(evidence.startedAt) || text(evidence.endedAt)) {
    lines.push(`Started ${time(evidence.startedAt) ?? "?"}, ended ${time(evidence.endedAt) ?? "not yet"}`);
  }
  if (evidence.running === true) lines.push("A newer run is still running");
  if (text(evidence.deadline))
    lines.push(`Deadline ${time(evidence.deadline)}${evidence.late === true ? " (landed late)" : ""}`);
  if (typeof evidence.freshnessMinutes === "number")
    lines.push(`Freshness window ${evidence.freshnessMinutes} min`);
  if (text(evidence.latestResultAt))
    lines.push(`Latest result ${time(evidence.latestResultAt)}, outside the window`);
  if (typeof evidence.assertions === "number")
    lines.push(
      `${evidence.assertions} ${evidence.assertions === 1 ? "assertion" : "assertions"} in the window`,
    );
  const failing = Array.isArray(evidence.failing) ? (evidence.failing as Array<Record<string, unknown>>) : [];
  for (const item of failing) {
    lines.push(
      `${String(item.assertion)}${item.column ? ` on ${String(item.column)}` : ""} (${String(item.severity)}): expected ${String(item.expected ?? "?")}, actual ${String(item.actual ?? "?")}`,
    );
  }
  if (showErrors && text(evidence.errorMessage))
    lines.push(`Error: ${String(evidence.errorMessage).slice(0, 500)}`);
  return lines;
}

/** The delivery with what it needs, or null when there is nothing to send (done, or its subscriber left). */
export async function loadReportDelivery(
  db: PrismaClient,
  deps: { secrets: SecretBox; secret: string; publicUrl: string },
  deliveryId: string,
  now = new Date(),
): Promise<ReportDeliveryToSend | null> {
  const row = await db.reportDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      organizationId: true,
      kind: true,
      status: true,
      attempts: true,
      subscriberId: true,
      channelId: true,
      run: {
        select: {
          status: true,
          evaluatedAt: true,
          results: {
            orderBy: { position: "asc" },
            select: { label: true, status: true, summary: true, evidence: true },
          },
          report: {
            select: {
              id: true,
              workspaceId: true,
              title: true,
              description: true,
              timeZone: true,
              showErrorDetails: true,
              statusTokenHash: true,
              statusLinkVersion: true,
            },
          },
        },
      },
    },
  });
  if (row?.status !== "PENDING") return null;
  const { run } = row;
  const { report } = run;
  const status = run.status as CheckStatus;
  const base = deps.publicUrl.replace(/\/+$/, "");
  const rank = (value: string) => STATUS_PRECEDENCE.indexOf(value as CheckStatus);
  const message: ReportMessage = {
    deliveryId: row.id,
    organizationId: row.organizationId,
    title: report.title,
    description: report.description,
    status,
    statusLabel: STATUS_LABELS[status],
    subject: `[${STATUS_LABELS[status]}] ${report.title}`,
    evaluatedAt: formatTime(run.evaluatedAt, report.timeZone),
    checks: run.results
      .map((result, index) => ({ result, index }))
      .sort((a, b) => rank(a.result.status) - rank(b.result.status) || a.index - b.index)
      .map(({ result }) => ({
        label: result.label,
        status: result.status as CheckStatus,
        statusLabel: STATUS_LABELS[result.status as CheckStatus],
        summary: result.summary,
        evidence:
          result.status === "PASSED"
            ? []
            : reportEvidenceLines(result.evidence as Record<string, unknown>, report.showErrorDetails),
      })),
    statusPageUrl: report.statusTokenHash
      ? statusPageUrl(base, statusTokenOf(deps.secret, report.id, report.statusLinkVersion))
      : null,
    consoleUrl: `${base}/orgs/${encodeURIComponent(row.organizationId)}/workspaces/${encodeURIComponent(report.workspaceId)}/reports/${encodeURIComponent(report.id)}`,
  };
  if (row.kind === "EMAIL") {
    const subscriber = await db.reportSubscriber.findFirst({
      where: { id: row.subscriberId ?? "", status: "CONFIRMED" },
      select: { id: true, email: true },
    });
    if (!subscriber) return null;
    const token = signSubscriberLink(deps.secret, {
      purpose: "unsubscribe",
      subscriberId: subscriber.id,
      expiresAt: new Date(now.getTime() + UNSUBSCRIBE_LINK_TTL_MS),
    });
    return {
      kind: "EMAIL",
      to: subscriber.email,
      unsubscribeUrl: subscriberLinkUrl(base, "unsubscribe", token),
      message,
      attempts: row.attempts,
    };
  }
  const channel = await db.notificationChannel.findFirst({
    where: { id: row.channelId ?? "", organizationId: row.organizationId, kind: "SLACK" },
    select: { id: true, organizationId: true, kind: true, secretCiphertext: true, valueVersion: true },
  });
  const secret = channel ? await openChannelSecret(db, deps.secrets, channel) : null;
  if (secret?.kind !== "SLACK") return null;
  return { kind: "SLACK", webhookUrl: secret.webhookUrl, message, attempts: row.attempts };
}

/** Records one report delivery attempt (see recordAttempt). */
export const recordReportDeliveryAttempt = (...args: Parameters<typeof recordDeliveryAttempt>) =>
  recordAttempt("report", ...args);
