// Status report e-mails through a real SMTP server: a run sends `[Failed] <title>` to the
// confirmed subscribers only (an outside address receives nothing before it confirms through
// the signed link), failing checks first with their evidence, a status page link and an
// unsubscribe link that works without signing in; forged and expired links are refused; every
// attempt is recorded on the delivery.
import { randomUUID } from "node:crypto";
import {
  addReportSubscriber,
  confirmReportSubscription,
  createReport,
  deriveDeploymentLineage,
  ingestLineageEvents,
  issueStatusLink,
  NotFoundError,
  signSubscriberLink,
  unsubscribeFromReport,
} from "@skyport/domain";
import { jobs } from "@skyport/queue";
import { auditActions, buildWorld, newDeployment, reportDefaults, waitFor } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { parseMessage, type Received, workerWithSmtp } from "./support/smtp.ts";
import { TEST_PUBLIC_URL, workerTestServices } from "./support/worker-services.ts";

const SECRET = "worker-report-secret-0123456789abcdefghijk";
const { db, prefix, redis, config } = await workerTestServices(SECRET);
const world = await buildWorld(db);
const context = { ip: null, userAgent: null, requestId: null };
const author = { db, actor: world.actor("workspaceAuthor"), context };
const publicCtx = { db, actor: { type: "system" as const, label: "status link" }, context };
const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";

function dagRunEvents(
  dagId: string,
  taskId: string,
  state: "COMPLETE" | "FAIL",
  endedAt: Date,
  assertions?: unknown[],
) {
  const runId = randomUUID();
  const base = {
    producer: PRODUCER,
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  };
  const start = new Date(endedAt.getTime() - 10 * 60_000).toISOString();
  const end = endedAt.toISOString();
  const parent = {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-0-0/ParentRunFacet.json#/$defs/ParentRunFacet",
    run: { runId },
    job: { namespace: "airflow", name: dagId },
  };
  const taskRun = { runId: randomUUID(), facets: { parent } };
  const taskJob = { namespace: "airflow", name: `${dagId}.${taskId}` };
  const inputs = assertions
    ? [
        {
          namespace: "postgres://warehouse:5432",
          name: "public.orders",
          inputFacets: {
            dataQualityAssertions: {
              _producer: PRODUCER,
              _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json",
              assertions,
            },
          },
        },
      ]
    : [];
  return [
    {
      ...base,
      eventType: "START",
      eventTime: start,
      run: { runId },
      job: { namespace: "airflow", name: dagId },
    },
    { ...base, eventType: "START", eventTime: start, run: taskRun, job: taskJob },
    { ...base, eventType: state, eventTime: end, run: taskRun, job: taskJob, inputs },
    { ...base, eventType: state, eventTime: end, run: { runId }, job: { namespace: "airflow", name: dagId } },
  ];
}

describe("status report e-mails through SMTP", () => {
  const mailer = workerWithSmtp({ redis, config }, `${prefix}-reports`);
  const { producer, log } = mailer;

  async function runAndCollect(reportId: string, expected: number): Promise<Received[]> {
    const before = mailer.smtp.received.length;
    const requestedAt = Date.now();
    await producer.enqueue(jobs.reportRun, { reportId, requestedAt });
    const run = await waitFor(() =>
      db.reportRun.findFirst({ where: { reportId, evaluatedAt: { gte: new Date(requestedAt - 1000) } } }),
    );
    await waitFor(async () => {
      const pending = await db.reportDelivery.count({ where: { runId: run.id, status: "PENDING" } });
      return pending === 0 && mailer.smtp.received.length - before >= expected ? true : undefined;
    });
    return mailer.smtp.received.slice(before);
  }

  it("sends to confirmed subscribers only, failing checks first, with working links", {
    timeout: 60_000,
  }, async () => {
    const { deploymentId } = await newDeployment(db, world, "reports-mail");
    const now = Date.now();
    await ingestLineageEvents(
      db,
      { organizationId: world.organizationId, deploymentId },
      [
        ...dagRunEvents("sales", "load", "COMPLETE", new Date(now - 60 * 60_000), [
          { assertion: "not_null", column: "id", success: false, expected: "0", actual: "12" },
        ]),
        ...dagRunEvents("billing", "export", "COMPLETE", new Date(now - 30 * 60_000)),
      ],
      { batch: true },
    );
    await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    const report = await createReport(author, {
      ...reportDefaults(world),
      title: "Sales ready",
      checks: [
        { kind: "DAG", deploymentId, dagId: "billing", freshnessMinutes: 1440, label: "Billing export" },
        {
          kind: "ASSERTION",
          deploymentId,
          datasetNamespace: "postgres://warehouse:5432",
          datasetName: "public.orders",
          freshnessMinutes: 1440,
          label: "Orders quality",
        },
      ],
    });
    const link = await issueStatusLink(
      author,
      { organizationId: world.organizationId, reportId: report.id },
      SECRET,
      TEST_PUBLIC_URL,
    );
    const member = world.users.workspaceMember.email.toLowerCase();
    await addReportSubscriber(author, {
      organizationId: world.organizationId,
      reportId: report.id,
      userId: world.users.workspaceMember.id,
    });
    const outside = await addReportSubscriber(author, {
      organizationId: world.organizationId,
      reportId: report.id,
      email: "cfo@outside.example",
    });
    expect(outside.subscriber.status).toBe("PENDING");
    expect(outside.confirmation).not.toBeNull();

    // Before confirming, the outside address receives nothing of the report.
    const first = await runAndCollect(report.id, 1);
    expect(first.map((message) => message.to)).toEqual([[member]]);
    const mail = parseMessage(first[0]?.raw ?? "");
    expect(mail.header("Subject")).toBe("[Failed] Sales ready");
    expect(first[0]?.raw).toContain("Content-Type: text/html");
    const text = mail.text;
    // Failing first, with its evidence, then the passing check.
    expect(text.indexOf("Failed: Orders quality")).toBeGreaterThan(-1);
    expect(text.indexOf("Failed: Orders quality")).toBeLessThan(text.indexOf("Passed: Billing export"));
    expect(text).toContain("Failing assertions: not_null on id (expected 0, got 12).");
    expect(text).toContain("not_null on id (error): expected 0, actual 12");
    expect(text).toContain(`Status page: ${link.url}`);
    const unsubscribe = /\/reports\/unsubscribe\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? "";
    expect(unsubscribe).not.toBe("");
    const delivery = await db.reportDelivery.findFirstOrThrow({
      where: { run: { reportId: report.id }, kind: "EMAIL" },
      include: { attemptsLog: true },
    });
    expect(delivery.status).toBe("DELIVERED");
    expect(delivery.attemptsLog.map((attempt) => attempt.number)).toEqual([1]);

    // The confirmation e-mail carries the signed link; a forged one is refused.
    await producer.enqueue(jobs.reportSubscriberConfirmation, {
      subscriberId: outside.subscriber.id,
      linkExpiresAt: outside.confirmation?.linkExpiresAt ?? 0,
    });
    const confirmation = await waitFor(() =>
      mailer.smtp.received.find((message) => message.to.includes("cfo@outside.example")),
    );
    const confirmMail = parseMessage(confirmation.raw);
    expect(confirmMail.header("Subject")).toBe("Confirm your subscription: Sales ready");
    const confirmToken =
      /\/reports\/confirm\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(confirmMail.text)?.[1] ?? "";
    const forged = `${confirmToken.split(".")[0]}.${Buffer.alloc(32, 1).toString("base64url")}`;
    await expect(confirmReportSubscription(publicCtx, SECRET, forged)).rejects.toBeInstanceOf(NotFoundError);
    // An unsubscribe link cannot confirm (purpose is signed too).
    await expect(confirmReportSubscription(publicCtx, SECRET, unsubscribe)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // An expired link is refused.
    const expired = signSubscriberLink(SECRET, {
      purpose: "confirm",
      subscriberId: outside.subscriber.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    await expect(confirmReportSubscription(publicCtx, SECRET, expired)).rejects.toBeInstanceOf(NotFoundError);
    expect((await confirmReportSubscription(publicCtx, SECRET, confirmToken)).email).toBe(
      "cfo@outside.example",
    );

    const second = await runAndCollect(report.id, 2);
    expect(second.flatMap((message) => message.to).sort()).toEqual(["cfo@outside.example", member].sort());

    // Unsubscribing from the e-mail's link works without signing in; the next run skips them.
    await unsubscribeFromReport(publicCtx, SECRET, unsubscribe);
    const third = await runAndCollect(report.id, 1);
    expect(third.map((message) => message.to)).toEqual([["cfo@outside.example"]]);
    const subscriberEvents = {
      organizationId: world.organizationId,
      action: { startsWith: "report.subscriber" },
    };
    expect(await auditActions(db, subscriberEvents)).toEqual([
      "report.subscriber.add",
      "report.subscriber.add",
      "report.subscriber.confirm",
      "report.subscriber.unsubscribe",
    ]);
    // Links never reach the logs.
    expect(log.lines.join("")).not.toContain(unsubscribe);
  });
});
