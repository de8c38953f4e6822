// Status report jobs: the clock that runs due reports, "run now", the delivery of one report
// message (e-mail through the mailer, Slack Block Kit through the alert sender) with retries
// and recorded attempts, and the confirmation e-mail of an outside subscriber.
import type { PrismaClient } from "@skyport/db";
import {
  dueReports,
  executeReportRun,
  loadPendingSubscriber,
  loadReportDelivery,
  type ReportMessage,
  recordReportDeliveryAttempt,
  type SecretBox,
  signSubscriberLink,
  subscriberLinkUrl,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { type Mailer, reportConfirmationEmail, reportEmail } from "@skyport/mail";
import { type JobProducer, jobs } from "@skyport/queue";
import type { Job } from "bullmq";
import { postSlack, sendEmail } from "../alerts/senders.ts";
import { type Clock, DEFAULT_RETRY_POLICY, type RetryPolicy, settleAttempt } from "./alerts.ts";

type Producer = Pick<JobProducer, "enqueue">;

async function enqueueDeliveries(producer: Producer, deliveryIds: readonly string[]) {
  for (const deliveryId of deliveryIds) await producer.enqueue(jobs.reportDelivery, { deliveryId });
}

/** reports tick: every report whose next run is due at the clock's time, once per cron time. */
export function reportTickHandler(db: PrismaClient, producer: Producer, clock: Clock = () => new Date()) {
  return async () => {
    const now = clock();
    let ran = 0;
    for (const due of await dueReports(db, now)) {
      const outcome = await executeReportRun(db, {
        reportId: due.reportId,
        trigger: "SCHEDULE",
        scheduledFor: due.scheduledFor,
        now,
      });
      if (!outcome) continue;
      ran += 1;
      await enqueueDeliveries(producer, outcome.deliveryIds);
    }
    return { ran };
  };
}

/** "Run now": evaluates one report at the clock's time. */
export function reportRunHandler(db: PrismaClient, producer: Producer, clock: Clock = () => new Date()) {
  return async (job: Job) => {
    const { reportId } = jobs.reportRun.payload.parse(job.data);
    const outcome = await executeReportRun(db, { reportId, trigger: "MANUAL", now: clock() });
    if (!outcome) return { ran: false };
    await enqueueDeliveries(producer, outcome.deliveryIds);
    return { ran: true, runId: outcome.run.id, status: outcome.run.status };
  };
}

function slackSummary(message: ReportMessage) {
  const failing = message.checks.filter((check) => check.status !== "PASSED");
  const lines = (failing.length > 0 ? failing : message.checks)
    .slice(0, 20)
    .map((check) => `*${check.statusLabel}* ${check.label}: ${check.summary}`);
  const url = message.statusPageUrl ?? message.consoleUrl;
  return {
    text: message.subject,
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.subject.slice(0, 150), emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 2900) || "No checks." } },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: {
              type: "plain_text",
              text: message.statusPageUrl ? "Open the status page" : "Open in Skyport",
            },
            url,
          },
        ],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `Evaluated ${message.evaluatedAt}` }] },
    ],
  };
}

export interface ReportDeliveryDependencies {
  db: PrismaClient;
  secrets: SecretBox;
  mailer: Mailer;
  logger: Logger;
  /** Signs unsubscribe links and derives status page links (SKYPORT_SECRET). */
  secret: string;
  publicUrl: string;
  retry?: Partial<RetryPolicy>;
}

/** reports deliver: one attempt per run, retried like alert notifications. */
export function reportDeliveryHandler(deps: ReportDeliveryDependencies) {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  return async (job: Job, token?: string) => {
    const { deliveryId } = jobs.reportDelivery.payload.parse(job.data);
    const toSend = await loadReportDelivery(deps.db, deps, deliveryId);
    if (!toSend) return { skipped: true };
    const result =
      toSend.kind === "EMAIL"
        ? await sendEmail(
            deps.mailer,
            await reportEmail({ ...toSend.message, to: toSend.to, unsubscribeUrl: toSend.unsubscribeUrl }),
          )
        : await postSlack(slackSummary(toSend.message), toSend.webhookUrl, policy.timeoutMs);
    return settleAttempt({
      job,
      token,
      policy,
      attempts: toSend.attempts,
      result,
      logger: deps.logger,
      log: { reportDeliveryId: deliveryId, kind: toSend.kind },
      record: (outcome) => recordReportDeliveryAttempt(deps.db, deliveryId, outcome),
    });
  };
}

/** The signed confirm link to an outside subscriber; skipped once it is no longer pending. */
export function reportConfirmationHandler(
  deps: Pick<ReportDeliveryDependencies, "db" | "mailer" | "secret" | "publicUrl">,
) {
  return async (job: Job) => {
    const payload = jobs.reportSubscriberConfirmation.payload.parse(job.data);
    const subscriber = await loadPendingSubscriber(deps, payload.subscriberId);
    if (!subscriber) return { sent: false };
    const token = signSubscriberLink(deps.secret, {
      purpose: "confirm",
      subscriberId: subscriber.id,
      expiresAt: new Date(payload.linkExpiresAt),
    });
    await deps.mailer.send(
      await reportConfirmationEmail({
        to: subscriber.email,
        organizationId: subscriber.organizationId,
        reportTitle: subscriber.reportTitle,
        confirmUrl: subscriberLinkUrl(deps.publicUrl, "confirm", token),
      }),
    );
    return { sent: true };
  };
}
