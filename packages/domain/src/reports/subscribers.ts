// Report subscribers and status page links. Members are confirmed at once; outside addresses
// stay PENDING (receive nothing) until they confirm through the signed link sent to them, and
// anyone unsubscribes through the signed link in every e-mail, without signing in.
import { authorize } from "../authz/authorize.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate, mutateWithoutRole } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  CONFIRM_LINK_TTL_MS,
  hashStatusToken,
  statusPageUrl,
  statusTokenOf,
  verifySubscriberLink,
} from "./links.ts";
import { findReport, type ReportReadContext, reportPermission } from "./reports.ts";
import {
  type AddSubscriberInput,
  MAX_SUBSCRIBERS,
  type ReportRefInput,
  type StatusLinkView,
  type SubscriberRefInput,
  type SubscriberView,
} from "./reports.types.ts";

const subscriberSelect = {
  id: true,
  email: true,
  userId: true,
  status: true,
  confirmedAt: true,
  createdAt: true,
} as const;

function toSubscriberView(row: {
  id: string;
  email: string;
  userId: string | null;
  status: string;
  confirmedAt: Date | null;
  createdAt: Date;
}): SubscriberView {
  return { ...row, status: row.status as SubscriberView["status"] };
}

/** What the entry point enqueues after adding an outside subscriber: the confirmation e-mail. */
export interface SubscriberConfirmation {
  subscriberId: string;
  /** Unix ms when the confirm link expires. */
  linkExpiresAt: number;
}

export async function addReportSubscriber(
  ctx: MutationContext,
  input: AddSubscriberInput,
  now = new Date(),
): Promise<{ subscriber: SubscriberView; confirmation: SubscriberConfirmation | null }> {
  const report = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(report, "manage"), async (tx) => {
    let email: string;
    let userId: string | null = null;
    if (input.userId) {
      const member = await tx.organizationMembership.findFirst({
        where: { organizationId: report.organizationId, userId: input.userId },
        select: { user: { select: { id: true, email: true } } },
      });
      if (!member) throw new ValidationError("userId", "is not a member of this organization");
      email = member.user.email.toLowerCase();
      userId = member.user.id;
    } else {
      email = input.email as string;
    }
    if ((await tx.reportSubscriber.count({ where: { reportId: report.id } })) >= MAX_SUBSCRIBERS) {
      throw new ValidationError("email", `a report may have at most ${MAX_SUBSCRIBERS} subscribers`);
    }
    let row: Parameters<typeof toSubscriberView>[0];
    try {
      row = await tx.reportSubscriber.create({
        data: {
          organizationId: report.organizationId,
          reportId: report.id,
          email,
          userId,
          status: userId ? "CONFIRMED" : "PENDING",
          confirmedAt: userId ? now : null,
        },
        select: subscriberSelect,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`${email} already subscribes to this report`, "email");
      throw error;
    }
    const subscriber = toSubscriberView(row);
    return {
      result: {
        subscriber,
        confirmation: userId
          ? null
          : { subscriberId: row.id, linkExpiresAt: now.getTime() + CONFIRM_LINK_TTL_MS },
      },
      audit: {
        action: "report.subscriber.add",
        targets: [
          { type: "report", id: report.id, label: report.title },
          { type: "reportSubscriber", id: row.id, label: email },
        ],
        metadata: { status: subscriber.status, member: userId !== null },
      },
    };
  });
}

export async function listReportSubscribers(
  ctx: ReportReadContext,
  input: ReportRefInput,
): Promise<SubscriberView[]> {
  const report = await findReport(ctx.db, input);
  const required = reportPermission(report, "read");
  await authorize(ctx.db, ctx.actor, required.permission, required.resource);
  const rows = await ctx.db.reportSubscriber.findMany({
    where: { reportId: report.id },
    orderBy: { email: "asc" },
    select: subscriberSelect,
  });
  return rows.map(toSubscriberView);
}

export async function removeReportSubscriber(
  ctx: MutationContext,
  input: SubscriberRefInput,
): Promise<SubscriberView> {
  const report = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(report, "manage"), async (tx) => {
    const row = await tx.reportSubscriber.findFirst({
      where: { id: input.subscriberId, reportId: report.id },
      select: subscriberSelect,
    });
    if (!row) throw new NotFoundError("subscriber");
    await tx.reportSubscriber.delete({ where: { id: row.id } });
    return {
      result: toSubscriberView(row),
      audit: {
        action: "report.subscriber.remove",
        targets: [
          { type: "report", id: report.id, label: report.title },
          { type: "reportSubscriber", id: row.id, label: row.email },
        ],
      },
    };
  });
}

/** The subscriber a link names, for the confirmation e-mail (null if gone or no longer pending). */
export async function loadPendingSubscriber(ctx: Pick<MutationContext, "db">, subscriberId: string) {
  const row = await ctx.db.reportSubscriber.findFirst({
    where: { id: subscriberId, status: "PENDING" },
    select: { id: true, email: true, organizationId: true, report: { select: { title: true } } },
  });
  return row
    ? { id: row.id, email: row.email, organizationId: row.organizationId, reportTitle: row.report.title }
    : null;
}

async function followLink(
  ctx: MutationContext,
  secret: string,
  token: string,
  purpose: "confirm" | "unsubscribe",
  now: Date,
): Promise<{ reportTitle: string; email: string }> {
  const subscriberId = verifySubscriberLink(secret, token, purpose, now);
  return mutateWithoutRole(ctx, "report-subscription-link", async (tx) => {
    const row = await tx.reportSubscriber.findUnique({
      where: { id: subscriberId },
      select: {
        id: true,
        email: true,
        status: true,
        organizationId: true,
        report: { select: { id: true, title: true } },
      },
    });
    // A confirm link works only while pending: an old one cannot undo an unsubscribe.
    if (!row || (purpose === "confirm" && row.status !== "PENDING"))
      throw new NotFoundError("subscription link");
    await tx.reportSubscriber.update({
      where: { id: row.id },
      data:
        purpose === "confirm"
          ? { status: "CONFIRMED", confirmedAt: now }
          : { status: "UNSUBSCRIBED", unsubscribedAt: now },
    });
    return {
      result: { reportTitle: row.report.title, email: row.email },
      audit: {
        organizationId: row.organizationId,
        action: purpose === "confirm" ? "report.subscriber.confirm" : "report.subscriber.unsubscribe",
        targets: [
          { type: "report", id: row.report.id, label: row.report.title },
          { type: "reportSubscriber", id: row.id, label: row.email },
        ],
      },
    };
  });
}

/** An outside subscriber confirms through the signed link (no sign-in). */
export function confirmReportSubscription(
  ctx: MutationContext,
  secret: string,
  token: string,
  now = new Date(),
) {
  return followLink(ctx, secret, token, "confirm", now);
}

/** Anyone unsubscribes through the signed link in an e-mail (no sign-in). */
export function unsubscribeFromReport(ctx: MutationContext, secret: string, token: string, now = new Date()) {
  return followLink(ctx, secret, token, "unsubscribe", now);
}

/** Issues (or replaces) the report's status page link; the token is shown now and in e-mails. */
export async function issueStatusLink(
  ctx: MutationContext,
  input: ReportRefInput,
  secret: string,
  publicUrl: string,
): Promise<StatusLinkView> {
  const report = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(report, "manage"), async (tx) => {
    const current = await tx.report.findUniqueOrThrow({
      where: { id: report.id },
      select: { statusLinkVersion: true },
    });
    const version = current.statusLinkVersion + 1;
    const token = statusTokenOf(secret, report.id, version);
    await tx.report.update({
      where: { id: report.id },
      data: { statusLinkVersion: version, statusTokenHash: hashStatusToken(token) },
    });
    return {
      result: { token, url: statusPageUrl(publicUrl, token) },
      audit: {
        action: "report.statusLink.issue",
        targets: [{ type: "report", id: report.id, label: report.title }],
        metadata: { version },
      },
    };
  });
}

/** Revokes the status page link: its page, JSON and badge answer 404 from now on. */
export async function revokeStatusLink(
  ctx: MutationContext,
  input: ReportRefInput,
): Promise<{ revoked: boolean }> {
  const report = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(report, "manage"), async (tx) => {
    await tx.report.update({
      where: { id: report.id },
      data: { statusTokenHash: null, statusLinkVersion: { increment: 1 } },
    });
    return {
      result: { revoked: report.statusTokenHash !== null },
      audit: {
        action: "report.statusLink.revoke",
        targets: [{ type: "report", id: report.id, label: report.title }],
      },
    };
  });
}
