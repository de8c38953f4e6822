// `skyport report …`: status reports of a workspace — checks on what telemetry has seen, a
// schedule, subscribers and a public status page. Checks are given on the command line as
// `KIND:DEPLOYMENT/DAG[/TASK]`, or any kind through a reports file (`report apply -f`).
import type { Command } from "commander";
import { type ApiClient, ApiError, idempotent, ok } from "../../api/client.ts";
import type { BodyOf, ItemOf, Report, ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { withoutServerName } from "../../field-words.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Column } from "../../output.ts";
import { type Lookup, requireOne } from "../../resolve.ts";
import { Session } from "../../session.ts";
import { type DeploymentRecord, listDeployments } from "../deployment/resolve.ts";
import { canonical, defineApplyCommand, noteApplied, type PlanAction, showPlan } from "../list-file.ts";
import { listChannels } from "../notification-channel/index.ts";
import {
  choiceOption,
  confirmOrRefuse,
  duration,
  given,
  inOrganization,
  note,
  print,
  shortTime,
  withSession,
} from "../shared.ts";
import { fileReportOf, REPORTS_FILE, type ReportFileEntry, renderReportFile } from "./report-file.ts";

type CreateBody = BodyOf<"createReport">;
type ReportRun = ItemOf<"listReportRuns">;
type CheckBody = NonNullable<CreateBody["checks"]>[number];
const SEND_MODES = ["always", "on_change"];
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const columns: Column<Report>[] = [
  { header: "Title", value: (r) => r.title },
  { header: "ID", value: (r) => r.id },
  { header: "Status", value: (r) => r.lastStatus ?? "(not run)" },
  { header: "Checks", value: (r) => r.checks.length },
  { header: "Schedule", value: (r) => `${r.cron} ${r.timeZone}` },
  { header: "Last run", value: (r) => shortTime(r.lastRunAt) },
  { header: "Next run", value: (r) => shortTime(r.nextRunAt) },
];

const collect = (value: string, previous: string[] = []) => [...previous, value];

const reportLookup: Lookup<Report> = {
  kind: "status report",
  scope: "in the workspace",
  id: (r) => r.id,
  names: (r) => [r.title],
  describe: (r) => `${r.id}  ${r.title}`,
};

interface ReportOptions {
  description?: string;
  at?: string;
  on?: string;
  cron?: string;
  timeZone?: string;
  send?: string;
  requireSignIn?: boolean;
  showErrorDetails?: boolean;
  check?: string[];
  freshWithin?: number;
  channel?: string[];
}

function reportOptions(command: Command): Command {
  return command
    .option("--description <text>", "what the report tells its readers")
    .option("--at <HH:MM>", "run daily at this time (with --on: weekly)")
    .addOption(choiceOption("--on <day>", "with --at: run weekly on this day", DAYS))
    .option("--cron <expression>", "run on this five-field cron instead, e.g. '0 8 * * 1-5'")
    .option("--time-zone <zone>", "the schedule's IANA time zone, e.g. Europe/Berlin (default UTC)")
    .addOption(choiceOption("--send <mode>", "send every run, or only when the status changes", SEND_MODES))
    .option("--require-sign-in", "the status page needs a signed-in member instead of only its link")
    .option("--show-error-details", "show task error messages on the status page")
    .option(
      "--check <KIND:DEPLOYMENT/DAG[/TASK][@HH:MM]>",
      "a check (repeatable; replaces all checks on update): task:etl/sales/load, dag:etl/sales, " +
        "timeliness:etl/sales@07:00; assertion checks through `report apply -f`",
      collect,
    )
    .option(
      "--fresh-within <duration>",
      "task and DAG checks: how recent a success must be, e.g. 26h",
      duration,
    )
    .option("--channel <NAME>", "also post to this Slack notification channel (repeatable)", collect);
}

function scheduleOf(options: ReportOptions): CreateBody["schedule"] | undefined {
  if (options.cron !== undefined && (options.at !== undefined || options.on !== undefined))
    throw new CliError("give --cron, or --at (with --on for weekly), not both", ExitCode.Usage);
  if (options.cron !== undefined) return { type: "CRON", cron: options.cron };
  if (options.on !== undefined && options.at === undefined)
    throw new CliError("--on needs --at: the time of day the weekly report runs", ExitCode.Usage);
  if (options.at === undefined) return undefined;
  return options.on
    ? { type: "WEEKLY", day: options.on as "MONDAY", time: options.at }
    : { type: "DAILY", time: options.at };
}

/** `task:etl/sales/load`, `dag:etl/sales`, `timeliness:etl/sales[/load]@07:00` as a check. */
export function checkOf(
  spec: string,
  deployments: readonly DeploymentRecord[],
  freshWithinMs: number | undefined,
): CheckBody {
  const bad = (why: string) => new CliError(`--check ${spec}: ${why}`, ExitCode.Usage);
  const match = /^([a-z]+):([^/@]+)\/([^/@]+)(?:\/([^/@]+))?(?:@(.+))?$/i.exec(spec.trim());
  if (!match)
    throw bad("must read KIND:DEPLOYMENT/DAG[/TASK], e.g. task:etl/sales/load or timeliness:etl/sales@07:00");
  const [, kindWord = "", deploymentName = "", dagId = "", taskId, deadline] = match;
  const deployment = deployments.find((d) => d.id === deploymentName || d.name === deploymentName);
  if (!deployment) throw bad(`no deployment “${deploymentName}” in the workspace`);
  const freshnessMinutes = freshWithinMs === undefined ? undefined : Math.round(freshWithinMs / 60_000);
  const base = { deploymentId: deployment.id, dagId };
  const kind = kindWord.toUpperCase();
  if (kind !== "TIMELINESS" && deadline !== undefined) throw bad("@HH:MM is for timeliness checks only");
  switch (kind) {
    case "TASK":
      if (!taskId) throw bad("a task check names its task: task:DEPLOYMENT/DAG/TASK");
      return { kind, ...base, taskId, ...given({ freshnessMinutes }) };
    case "DAG":
      if (taskId) throw bad("a DAG check names no task; use task:DEPLOYMENT/DAG/TASK");
      return { kind, ...base, ...given({ freshnessMinutes }) };
    case "TIMELINESS":
      if (!deadline) throw bad("a timeliness check needs the time it lands by: timeliness:etl/sales@07:00");
      return { kind, ...base, deadline, ...given({ taskId }) };
    case "ASSERTION":
      throw bad("assertion checks name a dataset; write them in a reports file (`report apply -f`)");
    default:
      throw bad("the kind must be task, dag or timeliness (assertion: through `report apply -f`)");
  }
}

async function settingsOf(session: Session, options: ReportOptions) {
  const client = session.authenticated();
  const organizationId = await session.organizationId();
  const workspaceId = await session.workspaceId();
  const checks = options.check
    ? await listDeployments(client, organizationId, { workspaceId }).then((deployments) =>
        options.check?.map((spec) => checkOf(spec, deployments, options.freshWithin)),
      )
    : undefined;
  let channelIds: string[] | undefined;
  if (options.channel) {
    const channels = await listChannels(client, organizationId, { workspaceId });
    channelIds = options.channel.map((name) => {
      const found = channels.find((channel) => channel.id === name || channel.name === name);
      if (!found)
        throw new CliError(`--channel: no notification channel “${name}” in the workspace`, ExitCode.Usage);
      return found.id;
    });
  }
  return given({
    description: options.description,
    schedule: scheduleOf(options),
    timeZone: options.timeZone,
    sendMode: options.send as CreateBody["sendMode"],
    requireSignIn: options.requireSignIn,
    showErrorDetails: options.showErrorDetails,
    checks,
    channelIds,
  });
}

export function listReports(
  client: ApiClient,
  organizationId: string,
  workspaceId: string,
): Promise<Report[]> {
  return client.every({ organizationId }, { workspaceId }, (request) =>
    client.api.GET("/organizations/{organizationId}/reports", request),
  );
}

/** The path of one report, as the typed client takes it. */
const at = (target: Report) => ({ path: { organizationId: target.organizationId, reportId: target.id } });

/**
 * `report VERB <ID|TITLE>`: the report is found by id or title in the workspace before `act`
 * runs with the session, the report and the command's options.
 */
function reportCommands(group: Command, context: CliContext) {
  return <Options>(
    verb: string,
    description: string,
    act: (session: Session, target: Report, options: Options) => Promise<void>,
  ): Command => {
    const command = defineCommand(group, `${verb} <ID|TITLE>`, description, { prints: true });
    return command.action(async (wanted: string, options: Options) => {
      const session = await Session.open(context, command);
      const reports = await listReports(
        session.authenticated(),
        await session.organizationId(),
        await session.workspaceId(),
      );
      await act(session, requireOne(reportLookup, reports, wanted), options);
    });
  };
}

function details(target: Report, latest: ReportRun | undefined) {
  const resultAt = new Map(latest?.results.map((result) => [result.position, result]) ?? []);
  return [
    { label: "Title", value: target.title },
    { label: "ID", value: target.id },
    { label: "Description", value: target.description },
    { label: "Status", value: target.lastStatus ?? "(not run)" },
    { label: "Schedule", value: `${target.cron} (${target.timeZone})` },
    { label: "Send", value: target.sendMode },
    { label: "Last run", value: shortTime(target.lastRunAt) },
    { label: "Next run", value: shortTime(target.nextRunAt) },
    { label: "Status page", value: target.statusPageEnabled ? "link issued" : "no link" },
    ...target.checks.map((check) => {
      const result = resultAt.get(check.position);
      return {
        label: `Check ${check.position + 1}`,
        value: `${check.kind} ${check.label}${result ? `: ${result.status} (${result.summary})` : ""}`,
      };
    }),
  ];
}

export function registerReportCommands(program: Command, context: CliContext): void {
  const report = defineGroup(
    program,
    "report",
    "status reports: scheduled checks, subscribers, status pages",
  );
  const onReport = reportCommands(report, context);

  defineCommand(report, "list", "list the workspace's status reports with their last status", {
    prints: true,
  }).action(
    withSession(context, async (session) => {
      const reports = await listReports(
        session.authenticated(),
        await session.organizationId(),
        await session.workspaceId(),
      );
      print(session, { data: reports, columns, rows: reports });
    }),
  );

  onReport("get", "show a status report, its checks and its latest run", async (session, target) => {
    const runs = await ok(
      session.api.GET("/organizations/{organizationId}/reports/{reportId}/runs", {
        params: { ...at(target), query: { limit: 1 } },
      }),
    );
    const latest = runs.items[0];
    print(session, { data: { ...target, latestRun: latest ?? null }, details: details(target, latest) });
  });

  reportOptions(
    defineCommand(report, "create", "create a status report", { prints: true }).requiredOption(
      "--title <title>",
      "what stakeholders see, e.g. Daily sales",
    ),
  ).action(
    inOrganization(context, async (session, organizationId, options: ReportOptions & { title: string }) => {
      const workspaceId = await session.workspaceId();
      const { schedule, ...settings } = await settingsOf(session, options);
      if (!schedule)
        throw new CliError(
          "give a schedule: --at HH:MM (with --on DAY for weekly) or --cron",
          ExitCode.Usage,
        );
      const created = await ok(
        session.api.POST("/organizations/{organizationId}/reports", {
          params: { path: { organizationId }, header: idempotent() },
          body: { workspaceId, title: options.title, schedule, ...settings },
        }),
      );
      note(session, `Created status report “${created.title}”.`);
      print(session, { data: created, columns, rows: [created] });
    }),
  );

  reportOptions(
    onReport<ReportOptions & { title?: string }>(
      "update",
      "change a status report (--check given replaces all checks)",
      async (session, target, options) => {
        const changes = { ...given({ title: options.title }), ...(await settingsOf(session, options)) };
        if (Object.keys(changes).length === 0)
          throw new CliError("nothing to change: give an option to set", ExitCode.Usage);
        const updated = await ok(
          session.api.PATCH("/organizations/{organizationId}/reports/{reportId}", {
            params: at(target),
            body: changes,
          }),
        );
        print(session, { data: updated, columns, rows: [updated] });
      },
    ).option("--title <title>", "a new title"),
  );

  onReport<{ yes?: boolean }>(
    "delete",
    "delete a status report, its history and subscribers",
    async (session, target, options) => {
      await confirmOrRefuse(session, `Delete status report “${target.title}”, its history and subscribers?`, {
        yes: options.yes,
        what: "delete a status report",
      });
      const deleted = await ok(
        session.api.DELETE("/organizations/{organizationId}/reports/{reportId}", {
          params: at(target),
        }),
      );
      note(session, `Deleted status report “${deleted.title}”.`);
      print(session, { data: deleted, columns, rows: [deleted] });
    },
  ).option("-y, --yes", "do not ask for confirmation");

  onReport("run", "evaluate a status report now and send it per its send mode", async (session, target) => {
    const request = await ok(
      session.api.POST("/organizations/{organizationId}/reports/{reportId}/run", {
        params: at(target),
        body: {},
      }),
    );
    note(session, `Queued a run of “${target.title}”; see it with \`skyport report get\`.`);
    print(session, {
      data: request,
      details: [
        { label: "Queued", value: request.queued ? "yes" : "no" },
        { label: "Requested at", value: request.requestedAt },
      ],
    });
  });

  registerSubscriberCommands(onReport);
  registerReportFileCommands(report, context);
}

type Subscriber = ResponseOf<"listReportSubscribers">[number];

const subscriberColumns: Column<Subscriber>[] = [
  { header: "E-mail", value: (s) => s.email },
  { header: "Kind", value: (s) => (s.userId ? "member" : "outside") },
  { header: "Status", value: (s) => s.status.toLowerCase() },
  { header: "Confirmed", value: (s) => shortTime(s.confirmedAt) },
];

async function subscribersOf(session: Session, target: Report): Promise<Subscriber[]> {
  return ok(
    session.api.GET("/organizations/{organizationId}/reports/{reportId}/subscribers", {
      params: at(target),
    }),
  );
}

/** Subscribers (yourself, or an outside address that confirms by e-mail) and the status page link. */
function registerSubscriberCommands(onReport: ReturnType<typeof reportCommands>): void {
  onReport(
    "subscribers",
    "list a status report's subscribers and whether they confirmed",
    async (session, target) => {
      const subscribers = await subscribersOf(session, target);
      print(session, { data: subscribers, columns: subscriberColumns, rows: subscribers });
    },
  );

  onReport<{ email?: string; me?: boolean }>(
    "subscribe",
    "subscribe yourself (--me) or an outside address (--email, which must confirm through the e-mailed link)",
    async (session, target, options) => {
      if (Boolean(options.email) === Boolean(options.me))
        throw new CliError("give either --me or --email <address>", ExitCode.Usage);
      const me = options.me ? await session.me() : undefined;
      if (me && me.type !== "user")
        throw new CliError("--me: an API token is not a person; give --email <address>", ExitCode.Usage);
      const body = me?.type === "user" ? { userId: me.user.id } : { email: options.email };
      const added = await ok(
        session.api.POST("/organizations/{organizationId}/reports/{reportId}/subscribers", {
          params: { ...at(target), header: idempotent() },
          body,
        }),
      );
      note(
        session,
        added.status === "PENDING"
          ? `Sent a confirmation link to ${added.email}; reports of “${target.title}” go there once it is confirmed.`
          : `${added.email} is subscribed to “${target.title}”.`,
      );
      print(session, { data: added, columns: subscriberColumns, rows: [added] });
    },
  )
    .option("--email <address>", "an outside address; it gets a confirmation link first")
    .option("--me", "subscribe yourself (as an organization member, no confirmation needed)");

  onReport<{ email: string }>(
    "unsubscribe",
    "remove a subscriber (by e-mail address) from a status report",
    async (session, target, options) => {
      const wanted = options.email.trim().toLowerCase();
      const subscriber = (await subscribersOf(session, target)).find((s) => s.email.toLowerCase() === wanted);
      if (!subscriber)
        throw new CliError(
          `--email: ${options.email} is not a subscriber of “${target.title}”`,
          ExitCode.Usage,
        );
      const removed = await ok(
        session.api.DELETE("/organizations/{organizationId}/reports/{reportId}/subscribers/{subscriberId}", {
          params: { path: { ...at(target).path, subscriberId: subscriber.id } },
        }),
      );
      note(session, `Removed ${removed.email} from “${target.title}”.`);
      print(session, { data: removed, columns: subscriberColumns, rows: [removed] });
    },
  ).requiredOption("--email <address>", "the subscriber's e-mail address");

  onReport<{ revoke?: boolean }>(
    "status-link",
    "issue (or replace) the public status page link, printed once; --revoke turns the page off",
    async (session, target, options) => {
      const client = session.authenticated();
      if (options.revoke) {
        const revoked = await ok(
          client.api.DELETE("/organizations/{organizationId}/reports/{reportId}/status-link", {
            params: at(target),
          }),
        );
        note(
          session,
          `Revoked the status page link of “${target.title}”: its page, JSON and badge answer 404.`,
        );
        print(session, { data: revoked, details: [{ label: "Revoked", value: "yes" }] });
        return;
      }
      const link = await ok(
        client.api.POST("/organizations/{organizationId}/reports/{reportId}/status-link", {
          params: at(target),
          body: {},
        }),
      );
      note(session, "Shown once: keep the link; issuing another one replaces it.");
      print(session, { data: link, details: [{ label: "Status page", value: link.url }] });
    },
  ).option("--revoke", "revoke the link instead of issuing one");
}

interface PlannedReport {
  action: PlanAction;
  entry: ReportFileEntry;
  at: string;
  existing?: Report;
  body: Omit<CreateBody, "workspaceId">;
  changes: string[];
}

/** The server refused a field of an entry: name it as the file does, `reports[0].checks[1].dagId`. */
async function asFileEntry<T>(source: string, at: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 422)) throw error;
    const fields = Object.entries(error.fieldErrors);
    const [field, messages] = fields[0] ?? [error.field ?? "", [error.serverMessage]];
    const path = field.replace(/^schedule\.cron$/, "cron").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    const message = withoutServerName(field, messages[0] ?? error.serverMessage);
    throw new CliError(`${source}: ${at}${path ? `.${path}` : ""}: ${message}`, ExitCode.Usage);
  }
}

/** Deployment and channel names by id: a reports file names them. */
function namesOf(
  deployments: ReadonlyArray<{ id: string; name: string }>,
  channels: ReadonlyArray<{ id: string; name: string }>,
) {
  const name = (items: ReadonlyArray<{ id: string; name: string }>) => (id: string) =>
    items.find((item) => item.id === id)?.name ?? id;
  return { deployment: name(deployments), channel: name(channels) };
}

async function namesIn(client: ApiClient, organizationId: string, workspaceId: string) {
  return namesOf(
    await listDeployments(client, organizationId, { workspaceId }),
    await listChannels(client, organizationId, { workspaceId }),
  );
}

function registerReportFileCommands(report: Command, context: CliContext): void {
  defineCommand(
    report,
    "export",
    "print the workspace's status reports as a reports file for `report apply -f`",
  ).action(
    inOrganization(context, async (session, organizationId) => {
      const workspaceId = await session.workspaceId();
      const client = session.authenticated();
      const reports = await listReports(client, organizationId, workspaceId);
      const names = await namesIn(client, organizationId, workspaceId);
      const entries = reports
        .map((entry) => fileReportOf(entry, names))
        .sort((a, b) => a.title.localeCompare(b.title));
      session.context.io.out(renderReportFile(entries));
    }),
  );

  defineApplyCommand(report, context, REPORTS_FILE, async (run) => {
    const { entries, source, dryRun, session, client, organizationId, workspaceId } = run;
    const existing = new Map(
      (await listReports(client, organizationId, workspaceId)).map((r) => [r.title, r]),
    );
    const deployments = await listDeployments(client, organizationId, { workspaceId });
    const channels = await listChannels(client, organizationId, { workspaceId });
    const plan: PlannedReport[] = entries.map((entry, index) => {
      const at = `reports[${index}]`;
      const checks = entry.checks.map(({ deployment: name, ...check }, position) => {
        const found = deployments.find((d) => d.name === name || d.id === name);
        if (!found)
          throw new CliError(
            `${source}: ${at}.checks[${position}].deployment: no deployment “${name}” in the workspace`,
            ExitCode.Usage,
          );
        return { ...check, deploymentId: found.id } as CheckBody;
      });
      const channelIds = entry.channels.map((name) => {
        const found = channels.find((channel) => channel.name === name);
        if (!found)
          throw new CliError(
            `${source}: ${at}.channels: no notification channel “${name}” in the workspace`,
            ExitCode.Usage,
          );
        return found.id;
      });
      const body = {
        title: entry.title,
        schedule: { type: "CRON" as const, cron: entry.cron },
        checks,
        channelIds,
        ...given({
          description: entry.description,
          timeZone: entry.timeZone,
          sendMode: entry.sendMode,
          requireSignIn: entry.requireSignIn,
          showErrorDetails: entry.showErrorDetails,
        }),
      };
      const before = existing.get(entry.title);
      if (!before) return { action: "create", entry, at, body, changes: [] };
      const now = fileReportOf(before, {
        deployment: (id) => deployments.find((d) => d.id === id)?.name ?? id,
        channel: (id) => channels.find((c) => c.id === id)?.name ?? id,
      });
      const changes = (Object.keys(entry) as Array<keyof ReportFileEntry>).filter(
        (key) => key !== "title" && canonical(entry[key]) !== canonical(now[key] ?? ""),
      );
      return {
        action: changes.length ? "update" : "unchanged",
        entry,
        at,
        existing: before,
        body,
        changes,
      };
    });
    const rows = plan.map((p) => ({
      action: p.action,
      title: p.entry.title,
      changes: p.action === "update" ? p.changes.join(", ") : "",
    }));
    const columns: Column<(typeof rows)[number]>[] = [
      { header: "Action", value: (r) => r.action },
      { header: "Title", value: (r) => r.title },
      { header: "Changes", value: (r) => r.changes },
    ];
    if (showPlan(session, dryRun, rows, columns)) return;
    for (const step of plan) {
      if (step.action === "create") {
        await asFileEntry(
          source,
          step.at,
          ok(
            client.api.POST("/organizations/{organizationId}/reports", {
              params: { path: { organizationId }, header: idempotent() },
              body: { workspaceId, ...step.body },
            }),
          ),
        );
      } else if (step.action === "update" && step.existing) {
        await asFileEntry(
          source,
          step.at,
          ok(
            client.api.PATCH("/organizations/{organizationId}/reports/{reportId}", {
              params: { path: { organizationId, reportId: step.existing.id } },
              body: step.body,
            }),
          ),
        );
      }
    }
    noteApplied(session, plan);
  });
}
